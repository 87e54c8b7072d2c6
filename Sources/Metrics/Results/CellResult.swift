// SPDX-License-Identifier: Apache-2.0

/// One architecture in one matrix cell: what was run and each repeat's measurements.
public struct CellResult: Sendable, Equatable, Codable {
    /// `proxy` or `presigned`.
    public var architecture: String
    /// The architecture's mode: `stream`, `buffer`, `spool` for the proxy;
    /// `put`, `post`, `multipart` for presigned.
    public var variant: String
    /// Object size in bytes (the mean when sizes come from a distribution).
    public var objectSizeBytes: Int64
    /// How sizes were chosen when not fixed, e.g. `lognormal(1MiB, 0.5)`; `nil` for a fixed size.
    public var objectSizeDistribution: String?
    /// Concurrent simulated clients (closed loop), or 0 for open loop.
    public var concurrency: Int
    /// Open-loop arrival rate in uploads per second, `nil` for closed loop.
    public var arrivalRatePerSecond: Double?
    /// Name of the network link profile (`loopback` when not emulated).
    public var linkProfile: String
    /// The resolved scenario values of this cell, as the runner has them.
    public var parameters: JSONValue?
    /// Measurements, one per repeat, in order.
    public var repeats: [RepeatResult]

    public init(
        architecture: String, variant: String, objectSizeBytes: Int64, objectSizeDistribution: String? = nil,
        concurrency: Int, arrivalRatePerSecond: Double? = nil, linkProfile: String = "loopback",
        parameters: JSONValue? = nil, repeats: [RepeatResult] = []
    ) {
        self.architecture = architecture
        self.variant = variant
        self.objectSizeBytes = objectSizeBytes
        self.objectSizeDistribution = objectSizeDistribution
        self.concurrency = concurrency
        self.arrivalRatePerSecond = arrivalRatePerSecond
        self.linkProfile = linkProfile
        self.parameters = parameters
        self.repeats = repeats
    }

    /// The cell's load and network without the architecture, e.g.
    /// `size=1048576 concurrency=8 link=loopback`: proxy and presigned rows
    /// with the same workload share it.
    public var workloadKey: String {
        var parts = ["size=\(objectSizeBytes)"]
        if let objectSizeDistribution { parts.append("sizes=\(objectSizeDistribution)") }
        if let arrivalRatePerSecond {
            parts.append("rate=\(arrivalRatePerSecond)")
        } else {
            parts.append("concurrency=\(concurrency)")
        }
        parts.append("link=\(linkProfile)")
        return parts.joined(separator: " ")
    }

    /// Identifies the row across runs: architecture, variant and workload.
    public var key: String { "\(architecture)/\(variant) \(workloadKey)" }

    /// The merge of all repeats.
    /// - Throws: `LatencyHistogram.Error` when repeats' histograms differ in precision.
    public func total() throws -> RepeatResult {
        try RepeatResult.merged(repeats)
    }
}
