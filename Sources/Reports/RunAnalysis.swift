// SPDX-License-Identifier: Apache-2.0

import Metrics

/// A cell with its repeats merged and its metrics at hand.
struct CellSummary {
    let cell: CellResult
    let total: RepeatResult

    /// `proxy/stream`.
    var label: String { "\(cell.architecture)/\(cell.variant)" }

    func metric(_ name: String) -> Double? {
        HeadlineMetric.named(name)?.value(of: total)
    }
}

/// The cells that ran the same workload (size, load, link) under each architecture.
struct WorkloadGroup {
    let workloadKey: String
    /// The workload without the object size, shared by a size sweep's cells.
    let familyKey: String
    let objectSizeBytes: Int64
    let cells: [CellSummary]

    var proxies: [CellSummary] { cells.filter { $0.cell.architecture == "proxy" } }
    var presigned: [CellSummary] { cells.filter { $0.cell.architecture == "presigned" } }

    /// Proxy/presigned pairs to put side by side (every proxy variant against every presigned one).
    var pairs: [(proxy: CellSummary, presigned: CellSummary)] {
        proxies.flatMap { proxy in presigned.map { (proxy, $0) } }
    }

    /// `1 MiB, 8 clients, loopback`.
    var title: String {
        guard let first = cells.first?.cell else { return workloadKey }
        var parts = [first.objectSizeDistribution ?? NumberFormat.bytes(Double(first.objectSizeBytes))]
        if let rate = first.arrivalRatePerSecond {
            parts.append("\(NumberFormat.short(rate)) uploads/s")
        } else {
            parts.append("\(first.concurrency) clients")
        }
        parts.append(first.linkProfile)
        return parts.joined(separator: ", ")
    }
}

/// The run's cells merged and grouped for the report and its charts.
struct RunAnalysis {
    let run: RunResult
    let cells: [CellSummary]
    /// Ordered by family, then object size.
    let workloads: [WorkloadGroup]

    init(_ run: RunResult) throws {
        self.run = run
        cells = try run.cells.map { CellSummary(cell: $0, total: try $0.total()) }
        var order: [String] = []
        var byKey: [String: [CellSummary]] = [:]
        for summary in cells {
            let key = summary.cell.workloadKey
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(summary)
        }
        let groups = order.map { key in
            let members = byKey[key]!
            let first = members[0].cell
            let family = key.split(separator: " ").filter { !$0.hasPrefix("size=") }.joined(separator: " ")
            return WorkloadGroup(workloadKey: key, familyKey: family, objectSizeBytes: first.objectSizeBytes, cells: members)
        }
        let familyOrder = groups.map(\.familyKey).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        workloads = groups.sorted { a, b in
            let (fa, fb) = (familyOrder.firstIndex(of: a.familyKey)!, familyOrder.firstIndex(of: b.familyKey)!)
            return fa != fb ? fa < fb : a.objectSizeBytes < b.objectSizeBytes
        }
    }

    /// Workload groups per family, in order.
    var families: [(key: String, workloads: [WorkloadGroup])] {
        var result: [(key: String, workloads: [WorkloadGroup])] = []
        for group in workloads {
            if let index = result.firstIndex(where: { $0.key == group.familyKey }) {
                result[index].workloads.append(group)
            } else {
                result.append((group.familyKey, [group]))
            }
        }
        return result
    }

    /// Architecture/variant labels in first-seen order, for stable colours.
    var labels: [String] {
        cells.map(\.label).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }
}
