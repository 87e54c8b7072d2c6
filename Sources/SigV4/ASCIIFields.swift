// SPDX-License-Identifier: Apache-2.0

/// Byte-level pieces of the verifier's ASCII syntax: the `Authorization` header,
/// `Credential=` and `SignedHeaders=` lists.
///
/// Splitting these through `Substring` views cost more per request than hashing
/// the canonical request; on contiguous bytes it is a few comparisons per byte.
/// Separators are ASCII, so every range boundary is also a valid `String` boundary.
struct ASCIIFields {
    let bytes: UnsafeBufferPointer<UInt8>

    /// Runs `body` over the UTF-8 bytes of `text`.
    static func with<Result>(_ text: String, _ body: (ASCIIFields) -> Result) -> Result {
        var text = text
        return text.withUTF8 { body(ASCIIFields(bytes: $0)) }
    }

    var all: Range<Int> { 0..<bytes.count }

    /// The pieces of `range` between `separator`s; empty pieces are dropped when `omittingEmpty`.
    func split(_ range: Range<Int>, separator: UInt8, omittingEmpty: Bool) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        // Room for the usual lists (five credential parts, a few signed headers) without regrowing.
        pieces.reserveCapacity(8)
        var start = range.lowerBound
        for index in range where bytes[index] == separator {
            if !omittingEmpty || index > start { pieces.append(start..<index) }
            start = index + 1
        }
        if !omittingEmpty || range.upperBound > start { pieces.append(start..<range.upperBound) }
        return pieces
    }

    /// `range` without leading and trailing spaces.
    func trimmingSpaces(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && bytes[lower] == UInt8(ascii: " ") { lower += 1 }
        while upper > lower && bytes[upper - 1] == UInt8(ascii: " ") { upper -= 1 }
        return lower..<upper
    }

    /// The first index of `byte` in `range`.
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        range.first { bytes[$0] == byte }
    }

    /// Whether the bytes in `range` are exactly `text`'s UTF-8.
    func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        return zip(range, 0..<range.count).allSatisfy { bytes[$0] == text.utf8Start[$1] }
    }

    /// Whether the bytes in `range` are exactly `text`'s UTF-8.
    func equals(_ range: Range<Int>, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { other in
            range.count == other.count && zip(range, other).allSatisfy { bytes[$0] == $1 }
        }
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
