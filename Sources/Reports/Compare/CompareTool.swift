// SPDX-License-Identifier: Apache-2.0

import Foundation

/// `upload-bench compare` and `upload-bench baseline update` without the
/// command-line parsing, so that tests can check outputs and exit statuses.
public enum CompareTool {
    /// What a compare run produced.
    public struct Outcome: Sendable {
        /// 0 no regression, 1 regression, 2 unusable input.
        public var status: Int32
        /// The table in the requested format (empty on input errors).
        public var report: String
        /// Warnings and the input error, one sentence each, for standard error.
        public var messages: [String]
    }

    /// Output formats of `compare`.
    public enum Format: String, Sendable, CaseIterable {
        case markdown = "md"
        case csv
    }

    /// Compares the run (or baseline) at `currentPath` against the one at `baselinePath`.
    /// - Parameters:
    ///   - thresholds: `METRIC=PERCENT%` overrides of the default thresholds.
    ///   - useDefaults: false to gate only on the metrics in `thresholds`.
    ///   - outPath: also write the report there.
    public static func compare(
        baselinePath: String, currentPath: String, thresholds: [String] = [], useDefaults: Bool = true,
        alpha: Double = 0.05, format: Format = .markdown, outPath: String? = nil
    ) -> Outcome {
        do {
            let options = try CompareOptions(thresholds: thresholds, useDefaults: useDefaults, alpha: alpha)
            guard !options.thresholds.isEmpty else {
                throw ReportError.missingMetric("No metric to compare: pass --threshold METRIC=PERCENT%.")
            }
            let comparison = try Comparison(
                baseline: try Baseline.loadComparable(baselinePath), current: try Baseline.loadComparable(currentPath),
                options: options
            )
            let report = format == .csv ? comparison.csv() : comparison.markdown()
            if let outPath {
                guard FileManager.default.createFile(atPath: outPath, contents: Data(report.utf8)) else {
                    throw ReportError.cannotWrite(outPath)
                }
            }
            return Outcome(status: comparison.exitStatus, report: report, messages: comparison.warnings)
        } catch {
            return Outcome(status: Comparison.inputErrorStatus, report: "", messages: ["\(error)"])
        }
    }
}
