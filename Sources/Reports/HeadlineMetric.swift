// SPDX-License-Identifier: Apache-2.0

public import Metrics

/// One figure computed from a repeat (or a cell's merged repeats): a column of
/// `summary.csv` and a metric `compare` can gate on.
public struct HeadlineMetric: Sendable {
    /// Which way is worse.
    public enum Direction: String, Sendable {
        /// Latency, CPU, bytes: more is worse.
        case lowerIsBetter
        /// Throughput: less is worse.
        case higherIsBetter
    }

    /// How much a metric moves between identical runs.
    public enum Stability: String, Sendable {
        /// Fixed by the scenario and the code (byte counts): any change is real.
        case exact
        /// Normalised so that it drifts little with the machine (CPU per GiB).
        case normalised
        /// Depends on the machine and its load (latency, throughput).
        case machineDependent
    }

    /// The column name, with its unit: `latency_p99_ms`.
    public let name: String
    public let direction: Direction
    public let stability: Stability
    let compute: @Sendable (RepeatResult) -> Double?

    init(
        _ name: String, _ direction: Direction = .lowerIsBetter, _ stability: Stability,
        compute: @escaping @Sendable (RepeatResult) -> Double?
    ) {
        self.name = name
        self.direction = direction
        self.stability = stability
        self.compute = compute
    }

    /// The metric's value for `result`, `nil` when it is undefined (no uploads, no time).
    public func value(of result: RepeatResult) -> Double? {
        guard let value = compute(result), value.isFinite else { return nil }
        return value
    }
}
