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

    public init(
        second: Int, uploadsOK: Int = 0, errors: Int = 0, bytes: Int64 = 0,
        latencyP50Nanoseconds: Int64? = nil, latencyP99Nanoseconds: Int64? = nil, appCPUNanoseconds: UInt64 = 0
    ) {
        self.second = second
        self.uploadsOK = uploadsOK
        self.errors = errors
        self.bytes = bytes
        self.latencyP50Nanoseconds = latencyP50Nanoseconds
        self.latencyP99Nanoseconds = latencyP99Nanoseconds
        self.appCPUNanoseconds = appCPUNanoseconds
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
