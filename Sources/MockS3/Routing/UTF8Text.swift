// SPDX-License-Identifier: Apache-2.0

/// UTF-8 validation of decoded request bytes, with an ASCII fast path.
///
/// `String(validating:as:)` reaches the standard library's generic validator
/// unspecialised, about a thousand instructions for a short name; bucket names
/// and keys are nearly always ASCII, which is valid UTF-8 as it stands.
enum UTF8Text {
    /// The text of `bytes`, or nil if they are not valid UTF-8.
    static func string(_ bytes: [UInt8]) -> String? {
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Whether `bytes` are valid UTF-8.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        isASCII(bytes) || String(validating: bytes, as: UTF8.self) != nil
    }

    private static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 < 0x80 }
    }
}
