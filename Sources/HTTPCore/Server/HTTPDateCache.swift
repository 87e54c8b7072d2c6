// SPDX-License-Identifier: Apache-2.0

import Glibc

/// The IMF-fixdate for the current second (RFC 9110, section 5.6.7), formatted
/// at most once per second per loop.
struct HTTPDateCache {
    private var second = -1
    private(set) var bytes: [UInt8] = []

    mutating func refresh() {
        var now = time(nil)
        guard now != second else { return }
        second = now
        var parts = tm()
        gmtime_r(&now, &parts)
        var text = [CChar](repeating: 0, count: 64)
        let length = strftime(&text, text.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        bytes = text[0..<length].map { UInt8(bitPattern: $0) }
    }
}
