// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import MockS3

@Suite struct S3DateCacheTests {
    @Test func theCachedDateFollowsTheSecondItIsAskedFor() {
        let cache = S3DateCache()
        let start = Date(timeIntervalSince1970: 1_735_689_599.25)
        #expect(cache.httpDate(start) == "Tue, 31 Dec 2024 23:59:59 GMT")
        #expect(cache.httpDate(start.addingTimeInterval(0.5)) == "Tue, 31 Dec 2024 23:59:59 GMT")
        #expect(cache.httpDate(start.addingTimeInterval(1)) == "Wed, 01 Jan 2025 00:00:00 GMT")
        // Going back (another thread's older clock reading) is answered for its own second.
        #expect(cache.httpDate(start) == S3Dates.httpDate(start))
    }
}
