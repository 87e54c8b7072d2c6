// SPDX-License-Identifier: Apache-2.0

/// A share between 0% and 100%, written with a percent sign: `"1%"`, `"0.5%"`.
public struct Percentage: Sendable, Hashable, Comparable {
    /// The share as a fraction between 0 and 1.
    public let fraction: Double

    /// Creates a percentage from a fraction between 0 and 1.
    public init(fraction: Double) {
        precondition((0...1).contains(fraction), "a percentage is between 0% and 100%")
        self.fraction = fraction
    }

    public static let zero = Percentage(fraction: 0)

    static let expected = "a percentage like \"1%\" or \"0.5%\""

    /// Parses a percentage without range checks (the caller reports values over 100%).
    static func parse(_ text: String) throws(UnitText.Failure) -> Double? {
        let parsed = try UnitText(text)
        guard parsed.unit == "%" else {
            return nil
        }
        return parsed.doubleValue / 100
    }

    public static func < (lhs: Percentage, rhs: Percentage) -> Bool {
        lhs.fraction < rhs.fraction
    }
}

extension Percentage: CustomStringConvertible {
    /// The canonical form (`"0.5%"`).
    public var description: String {
        "\(shortDecimal((fraction * 100 * 1e9).rounded() / 1e9))%"
    }
}

extension Percentage: Codable {
    public init(from decoder: any Decoder) throws {
        self = try UnitCoding.decode(decoder, expected: Self.expected) { text throws(UnitText.Failure) in
            try Self.parse(text).flatMap { $0 <= 1 ? Percentage(fraction: $0) : nil }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try UnitCoding.encode(self, to: encoder)
    }
}
