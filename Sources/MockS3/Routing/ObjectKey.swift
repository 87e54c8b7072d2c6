// SPDX-License-Identifier: Apache-2.0

/// An object key as the UTF-8 bytes the client sent.
///
/// Swift's `String` equality is canonical equivalence, so `café` in NFC and in
/// NFD would compare equal; S3 keys are byte strings and those are two keys.
/// Keys therefore compare, hash and sort by bytes (the order S3 lists in).
public struct ObjectKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The key's UTF-8 bytes.
    public let bytes: [UInt8]

    /// A key from UTF-8 bytes; nil if they are not valid UTF-8.
    public init?(bytes: [UInt8]) {
        guard UTF8Text.isValid(bytes) else { return nil }
        self.bytes = bytes
    }

    /// The key spelled by `string`'s UTF-8 bytes (no normalisation).
    public init(_ string: String) {
        bytes = Array(string.utf8)
    }

    /// The key as text.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public var description: String { string }

    /// Whether the key starts with `prefix`, bytewise.
    public func hasPrefix(_ prefix: ObjectKey) -> Bool {
        bytes.starts(with: prefix.bytes)
    }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}
