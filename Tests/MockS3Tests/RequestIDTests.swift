// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import MockS3

@Suite struct RequestIDTests {
    @Test func aRequestIDIsSixteenUppercaseHexDigitsWithLeadingZeros() {
        #expect(S3Service.requestID(0) == "0000000000000000")
        #expect(S3Service.requestID(0xAB) == "00000000000000AB")
        #expect(S3Service.requestID(0x1234_5678_9ABC_DEF0) == "123456789ABCDEF0")
        #expect(S3Service.requestID(.max) == "FFFFFFFFFFFFFFFF")
    }

    @Test func aRequestIDMatchesPaddedRadixFormatting() {
        var value: UInt64 = 0x0123_4567_89AB_CDEF
        for _ in 0..<64 {
            let hex = String(value, radix: 16, uppercase: true)
            #expect(S3Service.requestID(value) == String(repeating: "0", count: 16 - hex.count) + hex)
            value = value &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        }
    }
}
