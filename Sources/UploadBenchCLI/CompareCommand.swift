// SPDX-License-Identifier: Apache-2.0

import Foundation
import Reports
import Scenario

extension Command {
    /// `upload-bench compare BASELINE CURRENT`: the CI regression gate.
    static let compare = Command(
        name: "compare",
        summary: "Compare a run against a baseline; exit 1 on a significant regression.",
        help: """
            Compare a run against a baseline; exit 1 on a significant regression.

            Usage: upload-bench compare BASELINE CURRENT [options]

            BASELINE and CURRENT are each a run directory, its run.json, or a baseline
            recorded with `upload-bench baseline update` (its directory or baseline.json).
            Both must be runs of the same scenario. A metric regresses only when its change
            is beyond its threshold and significant over the repeats (one-sided Mann-Whitney
            U); exact counts such as app bytes per upload are compared directly.

            Options:
              --threshold METRIC=PERCENT%   Gate METRIC with this threshold, e.g.
                                            --threshold latency_p99_ms=10%. Without the % the
                                            number is a fraction from 0 to 1 (0.1 is 10%).
                                            Repeatable; replaces that metric's default.
              --no-default-thresholds       Gate only the metrics given with --threshold.
              --alpha P                     Significance level. Default: 0.05.
              --format md|csv               Output format. Default: md (Markdown).
              --out FILE                    Write the output to FILE instead of standard output.
              --help                        Show this help.

            Default thresholds: \(CompareOptions.defaultThresholds.keys.sorted().map {
                "\($0)=\(Int((CompareOptions.defaultThresholds[$0]! * 100).rounded()))%"
            }.joined(separator: ", ")).

            Exit status: 0 no regression, 1 regression (or a proxy/presigned ratio that
            changed beyond its threshold), 2 unusable input (missing or corrupt files,
            different scenarios, missing cells or metrics, unknown metric names), 64 a
            malformed command line.

            Example:
              upload-bench compare results/baselines/quick results/quick/latest --out compare.md
            """,
        run: { arguments, _ in
            let thresholds = try arguments.values(of: "--threshold")
            let useDefaults = !arguments.flag("--no-default-thresholds")
            let alphaText = try arguments.value(of: "--alpha")
            let formatText = try arguments.value(of: "--format") ?? "md"
            let out = try arguments.value(of: "--out")
            let paths = arguments.positionals()
            try arguments.finish(helpHint: "upload-bench compare")
            guard paths.count == 2 else {
                throw CommandLineError.usage(
                    "Pass a baseline and a current run, as in `upload-bench compare results/baselines/quick results/quick/latest`.")
            }
            guard let format = CompareTool.Format(rawValue: formatText) else {
                throw CommandLineError.usage("The format must be md or csv; got '\(formatText)'.")
            }
            var alpha = 0.05
            if let alphaText {
                guard let value = Double(plainDecimal: alphaText), value > 0, value < 1 else {
                    throw CommandLineError.usage("The significance level must be a number between 0 and 1, such as 0.05.")
                }
                alpha = value
            }
            let outcome = CompareTool.compare(
                baselinePath: paths[0], currentPath: paths[1], thresholds: thresholds, useDefaults: useDefaults,
                alpha: alpha, format: format, outPath: out
            )
            for message in outcome.messages {
                Console.error(outcome.status == Comparison.inputErrorStatus ? message : "warning: \(message)")
            }
            if out == nil, !outcome.report.isEmpty {
                FileHandle.standardOutput.write(Data(outcome.report.utf8))
            }
            return outcome.status
        }
    )
}
