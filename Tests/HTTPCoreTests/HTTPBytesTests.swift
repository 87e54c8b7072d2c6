// SPDX-License-Identifier: Apache-2.0

@testable import HTTPCore
import Testing

@Suite("HTTP byte classes")
struct HTTPBytesTests {
    @Test("the lookup table matches the RFC 9110 definitions for every byte")
    func classes() {
        let tokenPunctuation = Set("!#$%&'*+-.^_`|~".utf8)
        for value in 0...255 {
            let byte = UInt8(value)
            let isAlphaNumeric = (byte >= 48 && byte <= 57) || (byte | 0x20 >= 97 && byte | 0x20 <= 122)
            #expect(HTTPBytes.isToken(byte) == (isAlphaNumeric || tokenPunctuation.contains(byte)), "\(byte)")
            #expect(HTTPBytes.isFieldValue(byte) == (byte == 9 || (byte >= 0x20 && byte != 0x7F)), "\(byte)")
            #expect(HTTPBytes.isVisible(byte) == (byte > 0x20 && byte < 0x7F), "\(byte)")
        }
    }
}
