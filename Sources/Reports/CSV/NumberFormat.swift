// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Numbers as CSV and Markdown show them: no locale, no thousands separators,
/// integers exact, fractions rounded to a fixed number of significant digits.
enum NumberFormat {
    /// `value` for a CSV cell: empty for `nil`, integers without a fraction,
    /// others with up to `digits` significant digits in plain (not exponent) form.
    static func csv(_ value: Double?, digits: Int = 6) -> String {
        guard let value, value.isFinite else { return "" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        let magnitude = value == 0 ? 0 : Int(floor(log10(abs(value))))
        let decimals = max(0, min(12, digits - 1 - magnitude))
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A short human figure with 3 significant digits: `1.23`, `45.6`, `789`, `12300`.
    static func short(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return csv(value, digits: 3)
    }

    /// A byte count in binary units: `512 B`, `4 KiB`, `1.5 MiB`.
    static func bytes(_ value: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var scaled = value
        var unit = 0
        while abs(scaled) >= 1024, unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        return "\(short(scaled)) \(units[unit])"
    }

    /// A ratio such as `3.2x` (`n/a` when undefined).
    static func ratio(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return short(value) + "x"
    }

    /// A signed percentage: `+12.3%`, `-4.5%`.
    static func percent(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return fraction == .infinity ? "+inf" : "n/a" }
        let text = short(abs(fraction * 100))
        return (fraction < 0 ? "-" : "+") + text + "%"
    }
}
