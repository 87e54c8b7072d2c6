// SPDX-License-Identifier: Apache-2.0

/// A length of time with an explicit unit: `"250ms"`, `"1.5s"`, `"2m"`, `"1h"`, `"500us"`,
/// `"100ns"`. Stored as whole nanoseconds; a bare number is refused.
public struct TimeSpan: Sendable, Hashable, Comparable {
    /// The length in nanoseconds, never negative.
    public let nanoseconds: Int64

    /// Creates a span from nanoseconds.
    public init(nanoseconds: Int64) {
        precondition(nanoseconds >= 0, "a time span is never negative")
        self.nanoseconds = nanoseconds
    }

    public static func milliseconds(_ count: Int64) -> TimeSpan { TimeSpan(nanoseconds: count * 1_000_000) }
    public static func seconds(_ count: Int64) -> TimeSpan { TimeSpan(nanoseconds: count * 1_000_000_000) }
    public static func minutes(_ count: Int64) -> TimeSpan { .seconds(count * 60) }
    public static func hours(_ count: Int64) -> TimeSpan { .seconds(count * 3600) }
    public static let zero = TimeSpan(nanoseconds: 0)

    /// The same span as a Swift `Duration`.
    public var duration: Duration {
        .nanoseconds(nanoseconds)
    }

    /// The span in (fractional) seconds.
    public var seconds: Double {
        Double(nanoseconds) / 1e9
    }

    static let units: [(name: String, factor: Int64)] = [
        ("h", 3_600_000_000_000), ("m", 60_000_000_000), ("s", 1_000_000_000),
        ("ms", 1_000_000), ("us", 1000), ("ns", 1),
    ]

    static let expected = "a duration like \"250ms\", \"30s\", \"2m\" or \"1h\" (units ns, us, ms, s, m, h)"

    init?(parsing text: String) throws(UnitText.Failure) {
        let parsed = try UnitText(text)
        let unit = parsed.unit == "µs" ? "us" : parsed.unit
        guard let factor = Self.units.first(where: { $0.name == unit })?.factor else {
            return nil
        }
        self.init(nanoseconds: try parsed.scaled(by: factor))
    }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }
}

extension TimeSpan: CustomStringConvertible {
    /// The canonical form: the largest unit that divides exactly (`"1500ms"`, `"2m"`, `"0s"`).
    public var description: String {
        canonicalForm(nanoseconds, units: Self.units, fallback: "ns").replacingZero(with: "0s")
    }
}

extension String {
    fileprivate func replacingZero(with zero: String) -> String {
        self == "0ns" ? zero : self
    }
}

extension TimeSpan: Codable {
    public init(from decoder: any Decoder) throws {
        self = try UnitCoding.decode(decoder, expected: Self.expected) { text throws(UnitText.Failure) in
            try TimeSpan(parsing: text)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try UnitCoding.encode(self, to: encoder)
    }
}
