// SPDX-License-Identifier: Apache-2.0

import Foundation
import Reports

extension Command {
    /// `upload-bench baseline update RUN`: records a run as the baseline `compare` reads.
    static let baselineUpdate = Command(
        name: "update",
        summary: "Record a run as a baseline in results/baselines/.",
        help: """
            Record a run as a baseline in results/baselines/.

            Usage: upload-bench baseline update RUN [--name NAME] [--dir DIR]

            RUN is a run directory or its run.json. Writes DIR/NAME/baseline.json (every
            metric of every repeat, the environment and the run's identity) and a copy of
            the run's summary.csv. Commit the directory to compare later runs against it.

            Options:
              --name NAME   Baseline name. Default: the run's scenario name.
              --dir DIR     Where baselines live. Default: results/baselines.
              --help        Show this help.

            Exit status: 0 recorded, 2 the run cannot be read or the baseline cannot be
            written, 64 a malformed command line.

            Example:
              upload-bench baseline update results/quick/latest
            """,
        run: { arguments, _ in
            let name = try arguments.value(of: "--name")
            let directory = try arguments.value(of: "--dir") ?? "results/baselines"
            let runs = arguments.positionals()
            try arguments.finish(helpHint: "upload-bench baseline update")
            guard runs.count == 1 else {
                throw CommandLineError.usage("Pass one run, as in `upload-bench baseline update results/quick/latest`.")
            }
            do {
                let target = try Baseline.record(runPath: runs[0], name: name,
                                                 in: URL(fileURLWithPath: directory, isDirectory: true))
                Console.out("Recorded baseline \(target.path)")
                return 0
            } catch let error as ReportError {
                throw CommandLineError(message: error.message, exitStatus: Comparison.inputErrorStatus)
            }
        }
    )

    /// `upload-bench baseline`: the group of baseline commands.
    static let baseline = Command(
        group: "baseline", summary: "Manage baselines for `compare`.", subcommands: [.baselineUpdate]
    )
}
