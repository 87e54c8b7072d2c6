// SPDX-License-Identifier: Apache-2.0

/// A bandwidth, stored in bits per second.
///
/// Bit forms: `"100Mbit"`, `"100Mbit/s"`, `"50Mbps"`, `"1Gbit"`, `"800Kbit"` (decimal:
/// K = 1000). Byte forms: a size unit per second, `"12MB/s"`, `"512KiB/s"`.
public struct BitRate: Sendable, Hashable, Comparable {
    /// Bits per second, always positive.
    public let bitsPerSecond: Int64

    /// Creates a rate from bits per second.
    public init(bitsPerSecond: Int64) {
        precondition(bitsPerSecond > 0, "a bandwidth is positive")
        self.bitsPerSecond = bitsPerSecond
    }

    public static func megabits(_ count: Int64) -> BitRate { BitRate(bitsPerSecond: count * 1_000_000) }
    public static func gigabits(_ count: Int64) -> BitRate { BitRate(bitsPerSecond: count * 1_000_000_000) }

    /// Bytes per second (rounded down).
    public var bytesPerSecond: Int64 {
        bitsPerSecond / 8
    }

    static let bitUnits: [(name: String, factor: Int64)] = [
        ("Gbit", 1_000_000_000), ("Mbit", 1_000_000), ("Kbit", 1000), ("bit", 1),
    ]

    static let expected = "a bandwidth like \"100Mbit\", \"1Gbit\", \"50Mbps\" or \"12MB/s\""

    /// Parses a rate; zero parses (the caller refuses it with a clearer message).
    init?(parsingAllowingZero text: String) throws(UnitText.Failure) {
        let parsed = try UnitText(text)
        guard let factor = Self.factor(of: parsed.unit) else {
            return nil
        }
        let bits = try parsed.scaled(by: factor)
        self.bitsPerSecond = bits
    }

    private static func factor(of unit: Substring) -> Int64? {
        var name = unit
        if name.hasSuffix("bps") {
            name = name.dropLast(3)
            let prefix = name.isEmpty ? "bit" : name + "bit"
            return bitUnits.first { $0.name == prefix || $0.name.lowercased() == prefix }?.factor
        }
        guard name.hasSuffix("/s") else {
            return bitUnits.first { $0.name == name || $0.name.lowercased() == name }?.factor
        }
        name = name.dropLast(2)
        if let bits = bitUnits.first(where: { $0.name == name || $0.name.lowercased() == name }) {
            return bits.factor
        }
        guard !name.isEmpty, let bytes = ByteSize.factor(of: name) else {
            return nil
        }
        let (bits, overflow) = bytes.multipliedReportingOverflow(by: 8)
        return overflow ? nil : bits
    }

    public static func < (lhs: BitRate, rhs: BitRate) -> Bool {
        lhs.bitsPerSecond < rhs.bitsPerSecond
    }
}

extension BitRate: CustomStringConvertible {
    /// The canonical form in decimal bit units (`"100Mbit/s"`), or in binary bytes when
    /// that is exact and the bit form is not (`"1MiB/s"`).
    public var description: String {
        if bitsPerSecond % 1000 != 0, bitsPerSecond % 8 == 0 {
            return "\(ByteSize(bytes: bitsPerSecond / 8))/s"
        }
        return canonicalForm(bitsPerSecond, units: Self.bitUnits, fallback: "bit") + "/s"
    }
}

extension BitRate: Codable {
    public init(from decoder: any Decoder) throws {
        self = try UnitCoding.decode(decoder, expected: Self.expected) { text throws(UnitText.Failure) in
            try BitRate(parsingAllowingZero: text).flatMap { $0.bitsPerSecond > 0 ? $0 : nil }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try UnitCoding.encode(self, to: encoder)
    }
}
