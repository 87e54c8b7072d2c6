// SPDX-License-Identifier: Apache-2.0

/// What happened in one second of a run (or of one repeat).
public struct TimeSeriesPoint: Sendable, Equatable, Codable {
    /// Seconds since the start of the measured window (0 is the first second).
    public var second: Int
    /// Uploads that finished successfully in this second.
    public var uploadsOK: Int
    /// Uploads that finished with an error in this second.
    public var errors: Int
    /// Object bytes of the uploads that finished successfully in this second.
    public var bytes: Int64
    /// Median latency of the uploads that finished in this second, in nanoseconds.
    public var latencyP50Nanoseconds: Int64?
    /// 99th percentile latency of the uploads that finished in this second, in nanoseconds.
    public var latencyP99Nanoseconds: Int64?
    /// App server CPU used in this second, in nanoseconds.
    public var appCPUNanoseconds: UInt64
    /// CPU used on the whole machine in this second, all CPUs together, in
    /// nanoseconds (2e9 is two cores busy); nil when not sampled (older runs).
    public var machineBusyNanoseconds: UInt64?
    /// CPU used in this second by processes other than this run's, in nanoseconds; nil when not sampled.
    public var otherCPUNanoseconds: UInt64?

    public init(
        second: Int, uploadsOK: Int = 0, errors: Int = 0, bytes: Int64 = 0,
        latencyP50Nanoseconds: Int64? = nil, latencyP99Nanoseconds: Int64? = nil, appCPUNanoseconds: UInt64 = 0,
        machineBusyNanoseconds: UInt64? = nil, otherCPUNanoseconds: UInt64? = nil
    ) {
        self.second = second
        self.uploadsOK = uploadsOK
        self.errors = errors
        self.bytes = bytes
        self.latencyP50Nanoseconds = latencyP50Nanoseconds
        self.latencyP99Nanoseconds = latencyP99Nanoseconds
        self.appCPUNanoseconds = appCPUNanoseconds
        self.machineBusyNanoseconds = machineBusyNanoseconds
        self.otherCPUNanoseconds = otherCPUNanoseconds
    }
}

/// A per-second time series, one point per second with no gaps.
public struct TimeSeries: Sendable, Equatable, Codable {
    /// The points in order of `second`.
    public var points: [TimeSeriesPoint]

    public init(points: [TimeSeriesPoint] = []) {
        self.points = points
    }
}
