// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Maps data values to pixels along one axis, linear or logarithmic, and
/// chooses readable tick marks.
struct ChartAxis {
    let title: String
    let logarithmic: Bool
    let low: Double
    let high: Double
    /// Tick values with their labels.
    let ticks: [(value: Double, label: String)]

    /// An axis covering `values`; logarithmic when asked and every value is positive.
    init(title: String, values: [Double], logarithmic wantLog: Bool, startAtZero: Bool = false,
         label: (Double) -> String = { NumberFormat.short($0) }) {
        self.title = title
        let finite = values.filter(\.isFinite)
        let useLog = wantLog && !finite.isEmpty && finite.allSatisfy { $0 > 0 }
        logarithmic = useLog
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if useLog {
            low = pow(10, floor(log10(low)))
            high = pow(10, ceil(log10(high)))
            if high <= low { high = low * 10 }
            ticks = Self.logTicks(low, high).map { ($0, label($0)) }
        } else {
            if startAtZero { low = min(0, low) }
            if high <= low { high = low + 1 }
            let step = Self.niceStep((high - low) / 5)
            low = floor(low / step) * step
            high = ceil(high / step) * step
            ticks = stride(from: low, through: high + step / 2, by: step).map { ($0, label($0)) }
        }
        self.low = low
        self.high = high
    }

    /// An axis with fixed ticks (object sizes, percentiles) over `low...high`.
    init(title: String, low: Double, high: Double, logarithmic: Bool, ticks: [(value: Double, label: String)]) {
        self.title = title
        self.low = low
        self.high = high > low ? high : low + 1
        self.logarithmic = logarithmic
        self.ticks = ticks
    }

    /// Position of `value` as a fraction 0...1 of the axis length.
    func fraction(_ value: Double) -> Double {
        if logarithmic {
            guard value > 0 else { return 0 }
            return (log10(value) - log10(low)) / (log10(high) - log10(low))
        }
        return (value - low) / (high - low)
    }

    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, floor(log10(rough)))
        let scaled = rough / power
        let nice: Double = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10
        return nice * power
    }

    // Powers of ten; with few decades also 2 and 5 times them.
    static func logTicks(_ low: Double, _ high: Double) -> [Double] {
        let decades = Int((log10(high) - log10(low)).rounded())
        var ticks: [Double] = []
        var value = low
        while value <= high * 1.0001 {
            ticks.append(value)
            if decades <= 2 {
                for factor in [2.0, 5.0] where value * factor < high {
                    ticks.append(value * factor)
                }
            }
            value *= 10
        }
        return ticks.sorted()
    }
}
