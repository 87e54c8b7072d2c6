// SPDX-License-Identifier: Apache-2.0

/// Latency of each hop of an upload, in nanoseconds. A hop an architecture
/// does not use stays empty (the proxy has no presign request, presigned
/// uploads have no client-to-app body).
public struct HopHistograms: Sendable, Equatable, Codable {
    /// Client asks the app server for a presigned URL (presigned only).
    public var presignRequest = LatencyHistogram()
    /// Client sends the body to the app server (proxy only).
    public var clientToApp = LatencyHistogram()
    /// App server sends the body to S3 (proxy only).
    public var appToS3 = LatencyHistogram()
    /// Client sends the body to S3 directly (presigned only).
    public var clientToS3 = LatencyHistogram()
    /// Completion: the confirmation call or multipart completion after the bytes are stored.
    public var completion = LatencyHistogram()

    public init() {}

    /// Hop names and histograms in the order reports show them.
    public var named: [(name: String, histogram: LatencyHistogram)] {
        [
            ("presign_request", presignRequest), ("client_to_app", clientToApp), ("app_to_s3", appToS3),
            ("client_to_s3", clientToS3), ("completion", completion),
        ]
    }

    /// Adds every hop of `other`.
    public mutating func merge(_ other: HopHistograms) throws {
        try presignRequest.merge(other.presignRequest)
        try clientToApp.merge(other.clientToApp)
        try appToS3.merge(other.appToS3)
        try clientToS3.merge(other.clientToS3)
        try completion.merge(other.completion)
    }
}
