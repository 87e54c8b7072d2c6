// SPDX-License-Identifier: Apache-2.0

/// Everything one matrix cell runs with, fully resolved: no lists, no profiles, no defaults left.
public struct ScenarioSettings: Sendable, Hashable, Codable {
    /// The designs compared, each run with the same load and object sizes.
    public var architectures: [Architecture]
    public var objectSize: ObjectSizeDistribution
    public var load: LoadModel
    public var stop: StopCondition
    public var warmup: Warmup
    /// Measured runs per architecture; their histograms merge.
    public var repeats: Int
    public var s3: S3Target
    public var app: AppSettings
    public var faults: FaultSettings
    public var retry: RetryPolicy
    public var network: NetworkModel
    public var process: ProcessMode
    public var timeouts: Timeouts

    enum CodingKeys: String, CodingKey {
        case architectures
        case objectSize = "object_size"
        case load, stop, warmup, repeats, s3, app, faults, retry, network, process, timeouts
    }
}
