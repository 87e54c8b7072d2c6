// SPDX-License-Identifier: Apache-2.0

/// A number of bytes, written with an explicit unit: `"8MiB"`, `"512KiB"`, `"1GB"`, `"100B"`,
/// or a bare integer (bytes).
///
/// Decimal units (KB, MB, GB, TB) are powers of 1000; binary units (KiB, MiB, GiB, TiB) are
/// powers of 1024. Fractions are allowed when they come out as whole bytes (`"1.5MiB"`).
public struct ByteSize: Sendable, Hashable, Comparable {
    /// The size in bytes, never negative.
    public let bytes: Int64

    /// Creates a size from a byte count.
    public init(bytes: Int64) {
        precondition(bytes >= 0, "a size is never negative")
        self.bytes = bytes
    }

    public static func kibibytes(_ count: Int64) -> ByteSize { ByteSize(bytes: count * 1024) }
    public static func mebibytes(_ count: Int64) -> ByteSize { ByteSize(bytes: count * 1024 * 1024) }
    public static func gibibytes(_ count: Int64) -> ByteSize { ByteSize(bytes: count * 1024 * 1024 * 1024) }
    public static func tebibytes(_ count: Int64) -> ByteSize { ByteSize(bytes: count << 40) }

    static let units: [(name: String, factor: Int64)] = [
        ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10),
        ("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1000),
    ]

    /// What error messages say is accepted.
    static let expected = "a size like \"8MiB\", \"512KiB\", \"1GB\" or a byte count"

    /// Parses a size; `nil` names nothing, the caller reports `expected`.
    /// - Throws: `UnitText.Failure` when the number is negative, too large or not whole.
    init?(parsing text: String) throws(UnitText.Failure) {
        let parsed = try UnitText(text)
        guard let factor = Self.factor(of: parsed.unit) else {
            return nil
        }
        self.init(bytes: try parsed.scaled(by: factor))
    }

    static func factor(of unit: Substring) -> Int64? {
        switch unit {
        case "", "B": return 1
        case "kB": return 1000
        default: return units.first { $0.name == unit }?.factor
        }
    }

    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool {
        lhs.bytes < rhs.bytes
    }
}

extension ByteSize: CustomStringConvertible {
    /// The canonical form: the largest binary unit that divides exactly, else the largest
    /// decimal unit, else bytes (`"8MiB"`, `"1GB"`, `"1234B"`).
    public var description: String {
        canonicalForm(bytes, units: Self.units, fallback: "B")
    }
}

extension ByteSize: Codable {
    /// Decodes the canonical string, or a byte count.
    public init(from decoder: any Decoder) throws {
        if let bytes = try? decoder.singleValueContainer().decode(Int64.self), bytes >= 0 {
            self.init(bytes: bytes)
            return
        }
        self = try UnitCoding.decode(decoder, expected: Self.expected) { text throws(UnitText.Failure) in
            try ByteSize(parsing: text)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try UnitCoding.encode(self, to: encoder)
    }
}
