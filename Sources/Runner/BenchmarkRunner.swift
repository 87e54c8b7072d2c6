// SPDX-License-Identifier: Apache-2.0

import Digest
import LoadGenerator
public import Foundation
public import Metrics
import Reports
import Scenario
import SigV4

/// What `upload-bench run` was asked to do.
public struct RunOptions: Sendable {
    /// The scenario file; nil runs the embedded default (`scenarios/quick.json`).
    public var scenarioPath: String?
    /// `--out DIR`; nil writes to `results/<scenario>/<run-id>/`.
    public var outputDirectory: URL?
    /// Where `results/` is.
    public var resultsRoot: URL
    /// The command line, recorded in the report.
    public var commandLine: [String]
    /// The `upload-bench` executable that runs `serve` children when the scenario
    /// asks for `"process": "child-processes"`; by default the running one.
    public var serveExecutable: String

    public init(
        scenarioPath: String?, outputDirectory: URL?, resultsRoot: URL, commandLine: [String],
        serveExecutable: String = RunOptions.runningExecutable
    ) {
        self.scenarioPath = scenarioPath
        self.outputDirectory = outputDirectory
        self.resultsRoot = resultsRoot
        self.commandLine = commandLine
        self.serveExecutable = serveExecutable
    }

    /// The running executable's path (`/proc/self/exe` resolved).
    public static var runningExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
    }
}

extension String {
    /// The text with its first letter upper-cased, to make a reason a note's sentence.
    fileprivate var capitalizedFirst: String {
        prefix(1).uppercased() + dropFirst()
    }
}

/// Runs a scenario: every matrix cell, repeat and architecture, then the reports.
public enum BenchmarkRunner {
    private static func hasPresigned(_ scenario: Scenario) -> Bool {
        scenario.settings.architectures.contains { $0.name == "presigned" }
    }

    /// What a finished run left behind.
    public struct Outcome: Sendable {
        public var result: RunResult
        public var directory: URL
        public var files: [String]
    }

    /// Runs `options`' scenario and writes its reports.
    /// - Throws: `ScenarioError` for a bad scenario file, or the error that stopped a run.
    public static func run(_ options: RunOptions, progress: ProgressLine) throws -> Outcome {
        let scenario = try options.scenarioPath.map { path throws(ScenarioError) in try ScenarioFile.load(path: path) }
            ?? ScenarioFile.defaultScenario()
        let scenarioFile = options.scenarioPath ?? DefaultScenario.fileName + RunMetadata.embeddedSuffix
        let cells = scenario.matrix()
        let children = scenario.settings.process == .childProcesses
        let servers = ServerPlacement(childExecutable: children ? options.serveExecutable : nil)
        // Decided before anything is written: a scenario that demands kernel shaping
        // the machine lacks fails without leaving a run directory behind.
        let shaping = try cells.map { cell in
            try LinkShapingChoice.decide(cell.network, s3: cell.s3, childProcesses: children)
        }
        let startedAt = Date()
        let directory = try RunDirectory.create(
            resultsRoot: options.resultsRoot, scenarioName: scenario.name,
            explicit: options.outputDirectory, now: startedAt
        )
        progress.log(StartLine.text(
            scenario: scenario.name, cells: cells.count,
            architectures: scenario.settings.architectures.count, directory: directory.url.path
        ))

        var cellResults: [CellResult] = []
        var records: [ReportRow] = []
        var notes: [String] = []
        for (cell, cellShaping) in zip(cells, shaping) {
            let credentials = try S3Access.credentials(for: cell)
            if case .emulator(let fallback?) = cellShaping, !notes.contains(fallback.capitalizedFirst + ".") {
                progress.log("upload-bench: \(fallback)")
                notes.append(fallback.capitalizedFirst + ".")
            }
            var repeatsByArchitecture = Array(repeating: [RepeatResult](), count: cell.architectures.count)
            // Architectures alternate within each repeat, so slow drift of the
            // machine affects them alike instead of favouring whichever ran first.
            for repeatIndex in 0..<cell.repeats {
                for (architectureIndex, architecture) in cell.architectures.enumerated() {
                    let measured = try MeasuredRun(
                        cell: cell, cellIndex: cellResults.count + architectureIndex, architecture: architecture,
                        repeatIndex: repeatIndex, credentials: credentials, progress: progress,
                        servers: servers, shaping: cellShaping
                    ).run()
                    repeatsByArchitecture[architectureIndex].append(measured.result)
                    records += measured.records
                    notes += measured.notes
                    progress.log(CellLine.text(architecture: architecture, cell: cell, repeatIndex: repeatIndex, result: measured.result))
                }
            }
            for (architectureIndex, architecture) in cell.architectures.enumerated() {
                cellResults.append(CellDescription.result(
                    cell: cell, architecture: architecture, repeats: repeatsByArchitecture[architectureIndex]
                ))
            }
        }

        let settings = scenario.settings
        let metadata = RunMetadata(
            scenarioName: scenario.name,
            scenarioFile: scenarioFile,
            runID: directory.runID,
            seed: scenario.seed,
            commandLine: options.commandLine,
            gitRevision: GitRevision.describe(in: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)),
            startedAt: startedAt,
            endedAt: Date(),
            processMode: children
                ? "child processes (mock S3 and app server as `upload-bench serve` children; link emulators and clients in the runner)"
                : "in-process (each component on its own named threads)",
            networkModel: CellDescription.networkModelSummary(settings.network, shaping: shaping),
            s3Target: CellDescription.s3Summary(settings.s3),
            cpuMethod: children
                ? "app server and mock S3: \(ProcessCPU.method); load generator and links: \(ComponentCPU.method)"
                : ComponentCPU.method,
            scenarioDescription: scenario.description.isEmpty ? nil : scenario.description
        )
        let run = RunResult(
            metadata: metadata,
            environment: Environment.capture(
                libcurlVersion: LoadGenerator.libcurlVersion, opensslVersion: CryptoLibrary.version
            ),
            scenario: CellDescription.json(cells),
            cells: cellResults,
            securityChecks: hasPresigned(scenario) ? AccessProbe.run() : [],
            notes: Array(Set(notes)).sorted()
        )
        var files = try ReportWriter.write(run, to: directory.url)
        try ReportWriter.writeRequests(records, run: run, to: directory.url)
        files.append("requests.csv")
        return Outcome(result: run, directory: directory.url, files: files)
    }
}
