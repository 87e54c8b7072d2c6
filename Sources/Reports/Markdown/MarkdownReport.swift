// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics

/// `report.md`: verdict first, then the claims checked, charts, details,
/// environment and method. Reads on its own, without the CSV files.
struct MarkdownReport {
    let analysis: RunAnalysis
    let charts: [ChartFile]

    var run: RunResult { analysis.run }

    func rendered() -> String {
        [title(), contentionWarning(), verdict(), claims(), crossovers(), chartSection(), details(), hopSection(),
         machineLoadSection(), errorsSection(), environment(), method(), notes(), files()]
            .filter { !$0.isEmpty }.joined(separator: "\n")
    }

    func title() -> String {
        let total = analysis.cells.reduce(0) { $0 + $1.total.uploadsOK + $1.total.uploadsFailed }
        let description = run.metadata.scenarioDescription.map { "\($0)\n\n" } ?? ""
        return """
        # Upload benchmark: \(run.metadata.scenarioName)

        \(description)Run `\(run.metadata.runID)` on \(run.environment.hostName), \(Self.date(run.metadata.startedAt)), \
        \(total) uploads in \(analysis.cells.count) architecture × workload cells, seed \(run.metadata.seed).

        """
    }

    func verdict() -> String {
        var text = "## Verdict: proxy against presigned URLs\n\n"
        let pairs = analysis.workloads.flatMap { group in group.pairs.map { (group, $0) } }
        guard !pairs.isEmpty else {
            return text + "This run has no workload measured with both architectures, so there is nothing to compare.\n\n"
                + integrity() + "\n"
        }
        text += VerdictSentences(pairs: pairs.map(\.1)).bullets().map { "- \($0)\n" }.joined()
        if let failures = Self.failedUploads(in: analysis.workloads) { text += "- \(failures)\n" }
        if let backlog = Self.arrivalsNotStarted(in: analysis.workloads) { text += "- \(backlog)\n" }
        text += "- \(integrity())\n\n"
        var table = MarkdownTable(header: [
            "workload", "proxy", "presigned", "p50 ms (proxy / presigned)", "ratio", "p99 ms (proxy / presigned)",
            "ratio", "app CPU ms per upload", "ratio", "app bytes per uploaded byte",
        ])
        table.rightAligned = [3, 4, 5, 6, 7, 8, 9]
        for (group, pair) in pairs {
            func both(_ name: String) -> (String, String) {
                let (a, b) = (pair.proxy.metric(name), pair.presigned.metric(name))
                let ratio = (a != nil && b != nil && b! > 0) ? NumberFormat.ratio(a! / b!) : "n/a"
                return ("\(NumberFormat.short(a)) / \(NumberFormat.short(b))", ratio)
            }
            let p50 = both("latency_p50_ms")
            let p99 = both("latency_p99_ms")
            let cpu = both("app_cpu_ms_per_upload")
            let bytes = both("app_bytes_per_uploaded_byte")
            table.rows.append([group.title, pair.proxy.cell.variant, pair.presigned.cell.variant, p50.0, p50.1, p99.0,
                               p99.1, cpu.0, cpu.1, bytes.0])
        }
        return text + table.rendered()
            + "\nRatios are proxy ÷ presigned: above 1 the proxy costs more, below 1 presigned URLs cost more.\n"
    }

    /// Cells that did not store every upload they tried: their latency and CPU
    /// figures describe only the uploads that got through, which can flatter the
    /// side that failed more. Nil when every cell stored everything.
    static func failedUploads(in workloads: [WorkloadGroup]) -> String? {
        let short = workloads.flatMap { group in
            group.cells.compactMap { cell -> (String, Int, Int)? in
                let total = cell.total
                let tried = total.uploadsOK + total.uploadsFailed + total.uploadsCorrupted + total.uploadsLost
                guard total.uploadsOK < tried else { return nil }
                return ("\(cell.label) in \(group.title)", total.uploadsOK, tried)
            }
        }
        guard !short.isEmpty else { return nil }
        let shown = short.sorted { Double($0.1) / Double($0.2) < Double($1.1) / Double($1.2) }.prefix(5)
        let list = shown.map { "\($0.0): \($0.1) of \($0.2)" }.joined(separator: "; ")
        let more = short.count > shown.count ? "; and \(short.count - shown.count) more cells" : ""
        return "**Not every upload was stored**, so those cells' latency and CPU describe only the uploads that "
            + "got through (see *Errors*): \(list)\(more)."
    }

    /// Open-loop cells whose arrivals outran `max_in_flight`: they measured less
    /// load than the scenario asked for. Nil when every due arrival started.
    static func arrivalsNotStarted(in workloads: [WorkloadGroup]) -> String? {
        let behind = workloads.flatMap { group in
            group.cells.compactMap { cell -> String? in
                guard let count = cell.total.arrivalsNotStarted, count > 0 else { return nil }
                return "\(cell.label) in \(group.title): \(count)"
            }
        }
        guard !behind.isEmpty else { return nil }
        return "**The arrival rate outran the system**: arrivals that were due found `max_in_flight` uploads "
            + "still running and never started, so these cells got less load than the scenario asked for and "
            + "their latency covers only the uploads that ran: " + behind.joined(separator: "; ") + "."
    }

    func integrity() -> String {
        let totals = analysis.cells.map(\.total)
        let ok = totals.reduce(0) { $0 + $1.uploadsOK }
        let failed = totals.reduce(0) { $0 + $1.uploadsFailed }
        let corrupted = totals.reduce(0) { $0 + $1.uploadsCorrupted }
        let lost = totals.reduce(0) { $0 + $1.uploadsLost }
        let base = "Integrity: \(ok) uploads stored and verified, \(failed) failed, \(corrupted) corrupted, \(lost) lost"
        return base + (corrupted + lost == 0 ? " (the right number of corrupted and lost is zero)."
            : ". **Uploads were corrupted or lost: the harness or the system under test is broken.**")
    }

    func claims() -> String {
        var table = MarkdownTable(header: ["claim for presigned URLs", "holds here?", "evidence from this run"])
        table.rows = ClaimCheck.all(analysis).map { [$0.claim, $0.outcome.rawValue, $0.evidence] }
        return "## The usual claims, checked\n\n" + table.rendered()
    }

    func chartSection() -> String {
        guard !charts.isEmpty else { return "" }
        return "## Charts\n\n" + charts.map { "![\($0.caption)](\($0.path))\n" }.joined(separator: "\n")
    }

    static func date(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
