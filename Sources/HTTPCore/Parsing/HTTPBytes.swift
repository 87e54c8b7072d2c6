// SPDX-License-Identifier: Apache-2.0

/// Byte classes from RFC 9110, section 5.6.2 (tokens) and 5.5 (field values).
enum HTTPBytes {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58

    // One digit per byte value: '0' plus the class bits below. A StaticString
    // is a constant in the binary, so a lookup costs one load and no lazy
    // initialisation check, unlike a global array.
    private static let classes: StaticString = """
0000000002000000000000000000000027677777667767767777777777666666
6777777777777777777777777776667777777777777777777777777777767670
2222222222222222222222222222222222222222222222222222222222222222
2222222222222222222222222222222222222222222222222222222222222222
"""
    private static let tokenBit: UInt8 = 1
    private static let fieldValueBit: UInt8 = 2
    private static let visibleBit: UInt8 = 4

    @inline(__always)
    private static func classBits(_ byte: UInt8) -> UInt8 {
        // Four 64-byte lines separated by newlines: skip one newline per line before.
        classes.utf8Start[Int(byte) + Int(byte >> 6)] &- 48
    }

    /// tchar: `!#$%&'*+-.^_`|~`, digits and letters (RFC 9110, section 5.6.2).
    @inline(__always)
    static func isToken(_ byte: UInt8) -> Bool {
        classBits(byte) & tokenBit != 0
    }

    /// field-vchar, SP or HTAB (obs-text allowed, as RFC 9110 permits recipients to).
    @inline(__always)
    static func isFieldValue(_ byte: UInt8) -> Bool {
        classBits(byte) & fieldValueBit != 0
    }

    /// A visible ASCII byte, the alphabet of request targets.
    @inline(__always)
    static func isVisible(_ byte: UInt8) -> Bool {
        classBits(byte) & visibleBit != 0
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// ASCII case-insensitive comparison of `bytes` with a lowercase literal.
    static func equalsLowercase(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let literal = lowercase.utf8Start
        for index in 0..<bytes.count {
            let byte = bytes[index]
            let lower = byte >= 65 && byte <= 90 ? byte | 0x20 : byte
            if lower != literal[index] { return false }
        }
        return true
    }
}
