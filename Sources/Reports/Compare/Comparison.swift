// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Compares a current run against a baseline, metric by metric and cell by
/// cell, and reports a regression only when a change is both significant
/// (Mann-Whitney U over the repeats) and larger than its threshold.
public struct Comparison: Sendable {
    public let baseline: ComparableRun
    public let current: ComparableRun
    public let options: CompareOptions
    /// One entry per gated metric and cell, failing verdicts first.
    public let rows: [MetricComparison]
    /// Things the reader must know (different environments, new cells).
    public let warnings: [String]

    /// Exit status for "no regression".
    public static let passStatus: Int32 = 0
    /// Exit status for "at least one regression".
    public static let regressionStatus: Int32 = 1
    /// Exit status for unusable input (missing, corrupt or mismatched runs, missing metrics).
    public static let inputErrorStatus: Int32 = 2

    /// - Throws: `ReportError` when the runs cannot be compared: other
    ///   scenarios, cells missing from the current run, or a gated metric the
    ///   baseline has and the current run lacks.
    public init(baseline: ComparableRun, current: ComparableRun, options: CompareOptions) throws {
        guard baseline.scenarioName == current.scenarioName else {
            throw ReportError.mismatchedRuns("The runs are of different scenarios ('\(baseline.scenarioName)' and "
                + "'\(current.scenarioName)'); compare runs of the same scenario.")
        }
        let currentCells = Dictionary(current.cells.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = baseline.cells.map(\.key).filter { currentCells[$0] == nil }
        guard missing.isEmpty else {
            throw ReportError.mismatchedRuns("The current run lacks cells the baseline has: "
                + missing.joined(separator: "; ") + ". Was the scenario changed?")
        }
        self.baseline = baseline
        self.current = current
        self.options = options
        var rows: [MetricComparison] = []
        for cell in baseline.cells {
            let now = currentCells[cell.key]!
            for metric in options.thresholds.keys.sorted() {
                let before = cell.metrics[metric] ?? []
                let after = now.metrics[metric] ?? []
                guard !before.isEmpty else { continue }
                guard !after.isEmpty else {
                    throw ReportError.missingMetric("The current run has no value of \(metric) for \(cell.key), "
                        + "which the baseline has; its uploads may all have failed.")
                }
                rows.append(Self.compare(metric: metric, cell: cell.key, before, after,
                                         threshold: options.thresholds[metric]!, options: options))
            }
        }
        let order = MetricComparison.Verdict.allCases
        self.rows = rows.enumerated().sorted { a, b in
            let (ra, rb) = (order.firstIndex(of: a.element.verdict)!, order.firstIndex(of: b.element.verdict)!)
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
        var warnings = current.environment.differences(from: baseline.environment).map {
            "Environments differ (\($0)): machine-dependent metrics such as latency may move for that reason alone."
        }
        let known = Set(baseline.cells.map(\.key))
        warnings += current.cells.map(\.key).filter { !known.contains($0) }.map {
            "The current run has a cell the baseline lacks, not compared: \($0)."
        }
        // A note only: the verdicts stay as they are, but a reader should know which side had a disturbed machine.
        for (side, run) in [("baseline", baseline), ("current", current)] {
            guard let limits = run.limitedBy, let first = limits.first else { continue }
            warnings.append("The \(side) run was limited by the machine or the harness in \(limits.count) "
                + "finding\(limits.count == 1 ? "" : "s") (first: \(first)); its machine-dependent metrics such as "
                + "latency may reflect that rather than the code.")
        }
        self.warnings = warnings
    }

    /// The exit status CI should see.
    public var exitStatus: Int32 {
        rows.contains { $0.verdict.fails } ? Self.regressionStatus : Self.passStatus
    }

    static func compare(metric: String, cell: String, _ before: [Double], _ after: [Double], threshold: Double,
                        options: CompareOptions) -> MetricComparison {
        let twoSided = metric.hasPrefix(ComparableRun.ratioPrefix)
        let definition = HeadlineMetric.named(twoSided ? String(metric.dropFirst(ComparableRun.ratioPrefix.count)) : metric)
        let worseSign: Double = definition?.direction == .higherIsBetter ? -1 : 1
        let (medianBefore, medianAfter) = (Bootstrap.median(before), Bootstrap.median(after))
        let change = Bootstrap.relativeChange(from: medianBefore, to: medianAfter)
        var result = MetricComparison(
            metric: metric, cell: cell, baseline: before, current: after, baselineMedian: medianBefore,
            currentMedian: medianAfter, change: change, interval: nil, pValue: nil, threshold: threshold,
            method: "exact", verdict: .noChange
        )
        let worse = twoSided ? abs(change) : change * worseSign
        let constant = Set(before).count == 1 && Set(after).count == 1
        // Exact counts that do not vary within a run need no test: any change is real.
        if definition?.stability == .exact, !twoSided, constant {
            result.verdict = worse > threshold ? .regression
                : (-worse > threshold ? .improvement : (change == 0 ? .noChange : .withinThreshold))
            return result
        }
        // A zero threshold on an exact count (corrupted and lost uploads) tolerates no change at all,
        // but one bad repeat among several leaves the median, and the rank test, where they were:
        // the worst repeat decides instead.
        if definition?.stability == .exact, !twoSided, threshold == 0 {
            let worstBefore = worseSign > 0 ? before.max()! : before.min()!
            let worstAfter = worseSign > 0 ? after.max()! : after.min()!
            let worstChange = Bootstrap.relativeChange(from: worstBefore, to: worstAfter)
            result.change = worstChange
            result.method = "exact (worst repeat)"
            result.verdict = worstChange * worseSign > 0 ? .regression
                : (worstChange * worseSign < 0 ? .improvement : .noChange)
            return result
        }
        result.method = "mann-whitney"
        result.interval = Bootstrap.changeInterval(baseline: before, current: after, confidence: options.confidence)
        let greater = MannWhitney.pValueGreater(before, after)
        let less = MannWhitney.pValueGreater(after, before)
        let pWorse = twoSided ? min(1, 2 * min(greater, less)) : (worseSign > 0 ? greater : less)
        let pBetter = twoSided ? 1 : (worseSign > 0 ? less : greater)
        result.pValue = pWorse
        let smallest = MannWhitney.smallestPValue(before.count, after.count) * (twoSided ? 2 : 1)
        if smallest > options.alpha {
            result.verdict = .tooFewRepeats
        } else if pWorse <= options.alpha, worse > threshold {
            result.verdict = twoSided ? .changed : .regression
        } else if pBetter <= options.alpha, -worse > threshold {
            result.verdict = .improvement
        } else if min(pWorse, pBetter) <= options.alpha {
            result.verdict = .withinThreshold
        }
        return result
    }
}
