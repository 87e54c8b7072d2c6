// SPDX-License-Identifier: Apache-2.0

/// One cell whose figures crossed a `ContentionThresholds` limit: its latency
/// and throughput reflect the machine or the harness, not only the architecture.
public struct ContentionFinding: Sendable, Equatable, Codable {
    /// What was short.
    public enum Resource: String, Sendable, Codable, CaseIterable {
        /// Every CPU busy, mostly with this run's own threads.
        case machineCPU = "machine CPU"
        /// Other processes on the machine took CPU.
        case otherProcesses = "other processes"
        /// A hypervisor ran other guests.
        case steal = "hypervisor steal"
        case loadGenerator = "load-generator thread"
        case linkEmulator = "link-emulator thread"
        case mockS3 = "mock S3 thread"
    }

    /// The cell's key (`proxy/stream size=1048576 concurrency=4 link=loopback`).
    public var cell: String
    public var resource: Resource
    /// The figure that crossed its threshold, with its unit: `0.9 cores of 2`.
    public var figure: String
    /// What it means for the numbers and what to do about it.
    public var meaning: String

    public init(cell: String, resource: Resource, figure: String, meaning: String) {
        self.cell = cell
        self.resource = resource
        self.figure = figure
        self.meaning = meaning
    }

    /// One sentence for a report or a compare note.
    public var sentence: String { "\(cell): \(resource.rawValue) \(figure); \(meaning)" }

    /// True when the harness, rather than the machine, was the limit.
    public var isHarness: Bool { [.loadGenerator, .linkEmulator, .mockS3].contains(resource) }
}
