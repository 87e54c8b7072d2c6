// SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

/// The `Date` header text of the current second, formatted once per second
/// rather than once per response.
final class S3DateCache: Sendable {
    private let cached = Mutex<(second: Int64, text: String)>((.min, ""))

    /// `S3Dates.httpDate(date)`, reused while the whole second is the same.
    func httpDate(_ date: Date) -> String {
        let second = Int64(date.timeIntervalSince1970.rounded(.down))
        if let text = cached.withLock({ $0.second == second ? $0.text : nil }) { return text }
        let text = S3Dates.httpDate(date)
        cached.withLock { $0 = (second, text) }
        return text
    }
}
