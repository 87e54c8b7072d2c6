// SPDX-License-Identifier: Apache-2.0

import Foundation
import Runner
import Scenario

extension Command {
    /// `upload-bench run`'s status when uploads failed but nothing stored was damaged.
    static let uploadsFailedStatus: Int32 = 3

    /// `upload-bench run [SCENARIO] [--out DIR] [--quiet]`: the main job.
    static let run = Command(
        name: "run",
        summary: "Run a scenario and write its reports (default: the embedded scenarios/quick.json).",
        help: """
            Run a scenario: start the mock S3 (or use the scenario's endpoint) and the app
            server, drive every architecture with the same load, and write the reports.

            Usage: upload-bench run [SCENARIO] [--out DIR] [--quiet]

            Without SCENARIO the embedded copy of scenarios/quick.json runs.

            Options:
              --out DIR   Write the reports to DIR instead of results/<scenario>/<run-id>/.
              --quiet     No progress output; only the path of report.md is printed.
              --help      Show this help.

            Writes summary.csv, requests.csv, timeseries.csv, report.md (with SVG charts)
            and run.json; without --out, also points results/<scenario>/latest at the run
            (results/ is relative to the current directory). The last line on standard
            output is the path of report.md.

            Exit status: 0 when every upload was stored intact; 1 when any upload was lost
            or corrupted, or the run could not be made; 3 when uploads failed (after their
            retries) but none stored was damaged; 64 for bad usage.

            Example:
              upload-bench run scenarios/size-sweep.json --out /tmp/sweep
            """,
        run: { arguments, _ in
            let output = try arguments.value(of: "--out")
            let quiet = arguments.flag("--quiet")
            let positionals = arguments.positionals()
            try arguments.finish(helpHint: "upload-bench run")
            if output == "" {
                // An empty path resolves to the current directory, which would fill it with report files.
                throw CommandLineError.usage("--out needs a directory path; it was empty.")
            }
            guard positionals.count <= 1 else {
                throw CommandLineError.usage("Pass at most one scenario file, as in `upload-bench run scenarios/quick.json`.")
            }
            let options = RunOptions(
                scenarioPath: positionals.first,
                outputDirectory: output.map { URL(fileURLWithPath: $0, isDirectory: true) },
                resultsRoot: URL(fileURLWithPath: "results", isDirectory: true),
                commandLine: CommandLine.arguments
            )
            let outcome: BenchmarkRunner.Outcome
            do {
                outcome = try BenchmarkRunner.run(options, progress: ProgressLine(quiet: quiet))
            } catch let error as ScenarioError {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                return CommandLineError.failureStatus
            }
            Console.out(outcome.directory.appendingPathComponent("report.md").path)
            let repeats = outcome.result.cells.flatMap(\.repeats)
            let damaged = repeats.reduce(0) { $0 + $1.uploadsCorrupted + $1.uploadsLost }
            let failed = repeats.reduce(0) { $0 + $1.uploadsFailed }
            if damaged > 0 {
                Console.error("\(damaged) uploads were lost or corrupted; see the report.")
                return CommandLineError.failureStatus
            }
            if failed > 0 {
                Console.error("\(failed) uploads failed after their retries; see the report's errors.")
                return Self.uploadsFailedStatus
            }
            return 0
        }
    )
}
