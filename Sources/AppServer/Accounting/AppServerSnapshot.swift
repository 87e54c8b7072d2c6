// SPDX-License-Identifier: Apache-2.0

public import Metrics

/// The app server's figures at one moment, for the runner's reports and time series.
public struct AppServerSnapshot: Sendable, Codable {
    /// Bytes per hop and direction, heads and bodies apart.
    public var traffic: AppTraffic
    public var bufferedBytes: Int
    public var peakBufferedBytes: Int
    public var peakSpooledBytes: Int
    public var openConnections: Int
    public var peakOpenConnections: Int
    public var peakUpstreamRequests: Int
    /// Most client requests in progress at once (head received, not yet answered).
    public var peakRequestsInProgress: Int
    /// Client to app request durations (nanoseconds).
    public var clientRequestTime: LatencyHistogram
    /// App to S3 request durations (nanoseconds).
    public var s3RequestTime: LatencyHistogram
    /// Presign handling time (nanoseconds).
    public var presignTime: LatencyHistogram
    public var proxyUploads: Int
    public var proxyUploadedBytes: Int64
    public var multipartCreated: Int
    public var multipartAborted: Int
    /// Errors by code: S3 codes relayed, and the app's own (`EntityTooLarge`, `RequestTimeout`, ...).
    public var errors: [String: Int]
    /// CPU time of the app server's threads (`ComponentCPU.method`).
    public var cpuNanoseconds: UInt64

    /// Every byte the app server received or sent on both hops, heads included.
    public var bytesRelayed: Int64 {
        traffic.bytesIn.total + traffic.bytesOut.total
    }
}
