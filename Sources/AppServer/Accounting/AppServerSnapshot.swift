// SPDX-License-Identifier: Apache-2.0

/// The app server's figures at one moment, for the runner's reports and time series.
public struct AppServerSnapshot: Sendable, Codable, Equatable {
    public var clientHop: HopBytes
    public var s3Hop: HopBytes
    public var bufferedBytes: Int
    public var peakBufferedBytes: Int
    public var peakSpooledBytes: Int
    public var openConnections: Int
    public var peakOpenConnections: Int
    public var peakUpstreamRequests: Int
    public var clientRequestTime: Timing
    public var s3RequestTime: Timing
    public var presignTime: Timing
    public var proxyUploads: Int
    public var proxyUploadedBytes: Int
    public var multipartCreated: Int
    public var multipartAborted: Int
    /// Errors by code: S3 codes relayed, and the app's own (`EntityTooLarge`, `RequestTimeout`, ...).
    public var errors: [String: Int]
    /// CPU time of the app server's threads (`ComponentCPU.method`).
    public var cpuNanoseconds: UInt64

    /// All bytes the app server received and sent on both hops, heads included.
    public var totalBytesRelayed: Int {
        clientHop.total + s3Hop.total
    }
}

/// Bytes of one hop, seen from the app server.
public struct HopBytes: Sendable, Codable, Equatable {
    public var headIn: Int
    public var headOut: Int
    public var bodyIn: Int
    public var bodyOut: Int

    public var total: Int { headIn + headOut + bodyIn + bodyOut }
}

/// Durations in nanoseconds.
public struct Timing: Sendable, Codable, Equatable {
    public var count: Int
    public var totalNanoseconds: UInt64
    public var maxNanoseconds: UInt64

    /// Mean in nanoseconds (0 without samples).
    public var meanNanoseconds: UInt64 {
        count == 0 ? 0 : totalNanoseconds / UInt64(count)
    }
}
