// SPDX-License-Identifier: Apache-2.0

/// One metric of one cell, baseline against current, with its verdict.
public struct MetricComparison: Sendable, Equatable {
    /// What the gate concluded.
    public enum Verdict: String, Sendable, CaseIterable {
        /// Significantly worse by more than the threshold.
        case regression
        /// A proxy ÷ presigned ratio moved significantly beyond its threshold
        /// (either way: one of the two paths changed). Fails the gate like a regression.
        case changed
        /// Significantly better by more than the threshold.
        case improvement
        /// Not enough repeats for the test to reach significance at all.
        case tooFewRepeats = "too few repeats"
        /// A significant change, but within the threshold.
        case withinThreshold = "within threshold"
        /// No significant change.
        case noChange = "no significant change"

        /// True for the verdicts that fail the gate.
        public var fails: Bool { self == .regression || self == .changed }
    }

    public var metric: String
    public var cell: String
    public var baseline: [Double]
    public var current: [Double]
    public var baselineMedian: Double
    public var currentMedian: Double
    /// `current / baseline - 1` of the medians (of the worst repeats for `exact (worst repeat)`).
    public var change: Double
    /// Bootstrap interval of `change` (`nil` for exact metrics, where it is the change itself).
    public var interval: (low: Double, high: Double)?
    /// One-sided p-value in the worse direction (two-sided for ratios); `nil` when decided exactly.
    public var pValue: Double?
    public var threshold: Double
    /// `exact` (constant values compared directly), `exact (worst repeat)` (a zero
    /// threshold on an exact count: the worst repeats compared) or `mann-whitney`.
    public var method: String
    public var verdict: Verdict

    public static func == (lhs: MetricComparison, rhs: MetricComparison) -> Bool {
        lhs.metric == rhs.metric && lhs.cell == rhs.cell && lhs.baseline == rhs.baseline && lhs.current == rhs.current
            && lhs.verdict == rhs.verdict && lhs.pValue == rhs.pValue && lhs.interval?.low == rhs.interval?.low
            && lhs.interval?.high == rhs.interval?.high
    }
}
