// SPDX-License-Identifier: Apache-2.0

import Foundation

extension Comparison {
    /// A Markdown summary for a pull request comment or a CI job summary.
    public func markdown() -> String {
        let failing = rows.filter(\.verdict.fails)
        let tooFew = rows.filter { $0.verdict == .tooFewRepeats }
        var text = "## upload-bench compare: \(current.scenarioName)\n\n"
        text += "Baseline `\(baseline.runID)`\(revision(baseline)) against current `\(current.runID)`\(revision(current)). "
        text += "A change is a regression only when it is beyond its threshold and significant "
        text += "(one-sided Mann-Whitney U over repeats, alpha \(NumberFormat.short(options.alpha)); exact counts "
        text += "are compared directly). Intervals are \(NumberFormat.short(options.confidence * 100))% bootstrap "
        text += "intervals of the change of the median.\n\n"
        if failing.isEmpty {
            text += "**No regression** in \(rows.count) checks."
        } else {
            text += "**\(failing.count) regression\(failing.count == 1 ? "" : "s")** in \(rows.count) checks: "
            // The table lists them all; the headline names a few.
            text += failing.prefix(3).map { "`\($0.metric)` \(NumberFormat.percent($0.change)) (\($0.cell))" }
                .joined(separator: "; ")
            text += failing.count > 3 ? " and \(failing.count - 3) more." : "."
        }
        if !tooFew.isEmpty {
            // The two-sided ratio tests need one repeat more than the one-sided ones.
            let sides: Double = tooFew.contains { $0.metric.hasPrefix(ComparableRun.ratioPrefix) } ? 2 : 1
            let needed = (1...50).first { MannWhitney.smallestPValue($0, $0) * sides <= options.alpha } ?? 50
            text += " \(tooFew.count) checks had too few repeats to decide: run at least \(needed) repeats per run."
        }
        text += "\n\n"
        text += warnings.map { "> Warning: \($0)\n" }.joined()
        if !warnings.isEmpty { text += "\n" }
        var table = MarkdownTable(header: ["verdict", "metric", "cell", "baseline", "current", "change",
                                           "\(NumberFormat.short(options.confidence * 100))% CI", "p", "threshold"])
        table.rightAligned = [3, 4, 5, 6, 7, 8]
        table.rows = rows.map { row in
            [
                row.verdict.fails ? "**\(row.verdict.rawValue)**" : row.verdict.rawValue, row.metric, row.cell,
                "\(NumberFormat.short(row.baselineMedian)) (n=\(row.baseline.count))",
                "\(NumberFormat.short(row.currentMedian)) (n=\(row.current.count))",
                NumberFormat.percent(row.change),
                row.interval.map { "\(NumberFormat.percent($0.low)) to \(NumberFormat.percent($0.high))" } ?? "exact",
                row.pValue.map { NumberFormat.short($0) } ?? "–",
                "±" + NumberFormat.short(row.threshold * 100) + "%",
            ]
        }
        return text + table.rendered()
    }

    /// The same rows as CSV, one per metric and cell, numbers unrounded.
    public func csv() -> String {
        var table = CSVTable(header: [
            "verdict", "metric", "cell", "baseline_median", "current_median", "change_percent", "ci_low_percent",
            "ci_high_percent", "p_value", "threshold_percent", "baseline_repeats", "current_repeats", "method",
        ])
        table.rows = rows.map { row in
            [
                row.verdict.rawValue, row.metric, row.cell, NumberFormat.csv(row.baselineMedian),
                NumberFormat.csv(row.currentMedian), NumberFormat.csv(row.change * 100),
                NumberFormat.csv(row.interval.map { $0.low * 100 }), NumberFormat.csv(row.interval.map { $0.high * 100 }),
                NumberFormat.csv(row.pValue), NumberFormat.csv(row.threshold * 100), String(row.baseline.count),
                String(row.current.count), row.method,
            ]
        }
        return table.rendered()
    }

    private func revision(_ run: ComparableRun) -> String {
        run.gitRevision.map { " (git \($0))" } ?? ""
    }
}
