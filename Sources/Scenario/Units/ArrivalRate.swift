// SPDX-License-Identifier: Apache-2.0

/// How many uploads start per unit of time in an open-loop load: `"20/s"`, `"600/m"`,
/// `"0.5/s"`, `"3600/h"`.
public struct ArrivalRate: Sendable, Hashable, Comparable {
    /// Arrivals per second, always positive.
    public let perSecond: Double

    /// Creates a rate from arrivals per second.
    public init(perSecond: Double) {
        precondition(perSecond > 0 && perSecond.isFinite, "an arrival rate is positive")
        self.perSecond = perSecond
    }

    /// The mean gap between arrivals in nanoseconds.
    public var meanIntervalNanoseconds: Double {
        1e9 / perSecond
    }

    static let expected = "an arrival rate like \"20/s\", \"600/m\" or \"0.5/s\""

    private static let units: [(name: String, seconds: Double)] = [("/s", 1), ("/m", 60), ("/h", 3600)]

    /// Parses a rate; zero parses as 0 (the caller refuses it with a clearer message).
    static func parse(_ text: String) throws(UnitText.Failure) -> Double? {
        let parsed = try UnitText(text)
        guard let unit = units.first(where: { $0.name == parsed.unit }) else {
            return nil
        }
        return parsed.doubleValue / unit.seconds
    }

    public static func < (lhs: ArrivalRate, rhs: ArrivalRate) -> Bool {
        lhs.perSecond < rhs.perSecond
    }
}

extension ArrivalRate: CustomStringConvertible {
    /// The canonical form, per second (`"20/s"`, `"0.5/s"`).
    public var description: String {
        "\(shortDecimal(perSecond))/s"
    }
}

extension ArrivalRate: Codable {
    public init(from decoder: any Decoder) throws {
        self = try UnitCoding.decode(decoder, expected: Self.expected) { text throws(UnitText.Failure) in
            try Self.parse(text).flatMap { $0 > 0 ? ArrivalRate(perSecond: $0) : nil }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try UnitCoding.encode(self, to: encoder)
    }
}
