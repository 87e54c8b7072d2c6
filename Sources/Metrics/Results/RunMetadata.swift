// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// What was run, when, and how: enough to run it again.
public struct RunMetadata: Sendable, Equatable, Codable {
    /// The scenario's `name`.
    public var scenarioName: String
    /// The scenario's `description`, its one line for the report; nil in runs
    /// written before it was kept, and for a scenario without one.
    public var scenarioDescription: String?
    /// The scenario file as given on the command line (or `<embedded>`).
    public var scenarioFile: String
    /// Ends `scenarioFile` when the run used the copy built into the binary.
    public static let embeddedSuffix = " (embedded)"
    /// Unique id of this run, also the name of its results directory.
    public var runID: String
    /// Seed of every random choice (object sizes, arrival times, faults).
    public var seed: UInt64
    /// The command line, one argument per element.
    public var commandLine: [String]
    /// `git rev-parse HEAD` of the harness, with `-dirty` when it had local changes.
    public var gitRevision: String?
    /// Start of the run.
    public var startedAt: Date
    /// End of the run.
    public var endedAt: Date
    /// `in-process` (every component on its own threads in one process) or
    /// `child-processes` (mock S3 and app server as separate processes).
    public var processMode: String
    /// `loopback` (no emulation) or a description of the emulated links.
    public var networkModel: String
    /// The S3 target: `embedded mock` or the endpoint URL of a real S3.
    public var s3Target: String
    /// How CPU time per component was measured (see `ComponentCPU.method`).
    public var cpuMethod: String

    public init(
        scenarioName: String, scenarioFile: String, runID: String, seed: UInt64, commandLine: [String],
        gitRevision: String?, startedAt: Date, endedAt: Date, processMode: String = "in-process",
        networkModel: String = "loopback", s3Target: String = "embedded mock", cpuMethod: String = ComponentCPU.method,
        scenarioDescription: String? = nil
    ) {
        self.scenarioName = scenarioName
        self.scenarioDescription = scenarioDescription
        self.scenarioFile = scenarioFile
        self.runID = runID
        self.seed = seed
        self.commandLine = commandLine
        self.gitRevision = gitRevision
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.processMode = processMode
        self.networkModel = networkModel
        self.s3Target = s3Target
        self.cpuMethod = cpuMethod
    }
}
