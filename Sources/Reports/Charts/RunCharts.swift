// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics

/// One chart file of a report.
struct ChartFile {
    /// Path relative to the run directory, e.g. `charts/latency-vs-size-1.svg`.
    let path: String
    let caption: String
    let svg: String
}

/// The report's charts: latency distribution per architecture, latency and app
/// CPU against object size, and app bytes per hop.
enum RunCharts {
    /// At most this many distribution charts, spread over the workloads.
    static let maximumDistributionCharts = 6

    static func make(_ analysis: RunAnalysis) -> [ChartFile] {
        let labels = analysis.labels
        var files: [ChartFile] = []
        for (index, group) in spread(analysis.workloads, keeping: maximumDistributionCharts).enumerated() {
            files.append(distribution(group, labels: labels, number: index + 1))
        }
        let crossovers = Crossover.find(in: analysis)
        for (index, family) in analysis.families.enumerated() {
            let suffix = analysis.families.count == 1 ? "" : "-\(index + 1)"
            let subtitle = analysis.families.count == 1 ? nil : family.workloads.first.map(Crossover.familyTitle)
            let note = subtitle.map { " (\($0))" } ?? ""
            let ofFamily = crossovers.filter { $0.familyKey == family.key }
            files.append(versusSize(
                family.workloads, labels: labels, path: "charts/latency-vs-size\(suffix).svg",
                title: "Upload latency against object size", subtitle: subtitle, yTitle: "latency (ms, log scale)",
                metrics: [("latency_p50_ms", "p50", false), ("latency_p99_ms", "p99", true)],
                crossovers: ofFamily.filter { $0.metric == "latency_p50_ms" }
            ))
            files.append(versusSize(
                family.workloads, labels: labels, path: "charts/app-cpu-vs-size\(suffix).svg",
                title: "App server CPU per upload against object size", subtitle: subtitle,
                yTitle: "app CPU per upload (ms, log scale)", metrics: [("app_cpu_ms_per_upload", "", false)],
                crossovers: ofFamily.filter { $0.metric == "app_cpu_ms_per_upload" }
            ))
            files.append(bytesPerHop(family.workloads, path: "charts/app-bytes-per-hop\(suffix).svg", note: note))
        }
        return files
    }

    static func spread<T>(_ items: [T], keeping count: Int) -> [T] {
        guard items.count > count else { return items }
        return (0..<count).map { items[$0 * (items.count - 1) / (count - 1)] }
    }

    // The x axis is in "nines": -log10(1 - p), so p50, p90, p99 and p99.9 are evenly spaced.
    // A line stops at the highest percentile its sample resolves (`resolvedNines`) and
    // then joins the maximum: with 8 uploads, "p99" would only be the largest value again.
    static func distribution(_ group: WorkloadGroup, labels: [String], number: Int) -> ChartFile {
        let series = group.cells.map { summary in
            let resolved = resolvedNines(uploads: summary.total.latency.count)
            let positions = stride(from: 0.0, through: min(3.0, resolved), by: 0.1).map { $0 }
            let percentiles = positions.map { Percentile(min(100, 100 * (1 - pow(10, -$0)))) }
            let values = summary.total.latency.values(at: percentiles)
            var points: [(x: Double, y: Double)] = zip(positions, values).compactMap { nines, value in
                value.map { (nines, Double($0) / 1e6) }
            }
            if let maximum = summary.total.latency.maximum { points.append((3.3, Double(maximum) / 1e6)) }
            return LineChart.Series(name: summary.label, points: points,
                                    colorIndex: labels.firstIndex(of: summary.label) ?? 0)
        }
        let values = series.flatMap { $0.points.map(\.y) }
        let ticks: [(value: Double, label: String)] = [(0, "p0"), (0.301, "p50"), (1, "p90"), (2, "p99"), (3, "p99.9"),
                                                       (3.3, "max")]
        var chart = LineChart(
            title: "Latency distribution: \(group.title)",
            subtitle: sampleNote(group.cells.map { $0.total.latency.count }),
            xAxis: ChartAxis(title: "percentile", low: 0, high: 3.3, logarithmic: false, ticks: ticks),
            yAxis: ChartAxis(title: "latency (ms)", values: values, logarithmic: (values.max() ?? 1) / max(values.min() ?? 1, 1e-9) > 20),
            series: series
        )
        chart.describe = { series, x, y in
            "\(series.name) p\(NumberFormat.short(min(100, 100 * (1 - pow(10, -x))))): \(NumberFormat.short(y)) ms"
        }
        return ChartFile(path: "charts/latency-distribution-\(number).svg",
                         caption: "Latency distribution per architecture, \(group.title)", svg: chart.svg())
    }

    /// The nines (-log10(1 - p)) up to which `uploads` latencies resolve a percentile:
    /// above p = 1 - 1/n, the nearest-rank percentile is the maximum itself.
    static func resolvedNines(uploads: UInt64) -> Double {
        uploads > 1 ? log10(Double(uploads)) : 0
    }

    /// "8 uploads per architecture: percentiles above p87.5 are the maximum", or nil
    /// when every line resolves the chart's whole axis (1,000 uploads or more).
    static func sampleNote(_ counts: [UInt64]) -> String? {
        // A line without uploads draws nothing, so it says nothing about resolution.
        let measured = counts.filter { $0 > 0 }
        guard let fewest = measured.min(), fewest < 1_000 else { return nil }
        let distinct = Array(Set(measured)).sorted()
        let noun = distinct.last == 1 ? "upload" : "uploads"
        let sizes = distinct.count == 1
            ? "\(fewest) \(noun) per architecture"
            : distinct.map(String.init).joined(separator: " / ") + " \(noun)"
        let highest = 100 * (1 - pow(10, -resolvedNines(uploads: fewest)))
        return "\(sizes): percentiles above p\(NumberFormat.short(highest)) are the maximum"
    }

    /// A figure against object size, one line per architecture (and metric),
    /// with a marker where a proxy and a presigned line cross.
    static func versusSize(_ workloads: [WorkloadGroup], labels: [String], path: String, title: String,
                           subtitle: String?, yTitle: String, metrics: [(name: String, suffix: String, dashed: Bool)],
                           crossovers: [Crossover]) -> ChartFile {
        var series: [LineChart.Series] = []
        for label in labels {
            for metric in metrics {
                let points: [(x: Double, y: Double)] = workloads.compactMap { group in
                    guard let cell = group.cells.first(where: { $0.label == label }),
                          let value = cell.metric(metric.name) else { return nil }
                    return (Double(group.objectSizeBytes), value)
                }
                guard !points.isEmpty else { continue }
                let name = metric.suffix.isEmpty ? label : "\(label) \(metric.suffix)"
                series.append(LineChart.Series(name: name, points: points, colorIndex: labels.firstIndex(of: label)!,
                                               dashed: metric.dashed))
            }
        }
        let sizes = workloads.map { Double($0.objectSizeBytes) }
        let xAxis = ChartAxis(
            title: "object size (bytes, log scale)", low: max(1, (sizes.min() ?? 1) / 2),
            high: max(2, (sizes.max() ?? 1) * 2), logarithmic: true,
            ticks: sizes.map { ($0, NumberFormat.bytes($0)) }
        )
        var chart = LineChart(title: title, subtitle: subtitle, xAxis: xAxis,
                              yAxis: ChartAxis(title: yTitle, values: series.flatMap { $0.points.map(\.y) }, logarithmic: true),
                              series: series)
        chart.markers = crossovers.compactMap { crossover in
            guard let estimate = crossover.estimate else { return nil }
            let pair = crossovers.count == 1 ? "" : " (\(crossover.proxy) = \(crossover.presigned))"
            return LineChart.Marker(x: estimate, label: "crossover near \(NumberFormat.bytes(estimate))\(pair)")
        }
        chart.describe = { series, x, y in "\(series.name) at \(NumberFormat.bytes(x)): \(NumberFormat.short(y)) ms" }
        let caption = title + (subtitle.map { " (\($0))" } ?? "")
        return ChartFile(path: path, caption: caption, svg: chart.svg())
    }

    static func bytesPerHop(_ workloads: [WorkloadGroup], path: String, note: String) -> ChartFile {
        let segments = ["client to app", "app to client", "app to S3", "S3 to app"]
        let groups = workloads.map { group in
            StackedBarChart.Group(label: NumberFormat.bytes(Double(group.objectSizeBytes)), bars: group.cells.map { cell in
                let traffic = cell.total.appTraffic
                let uploaded = Double(max(1, cell.total.bytesUploaded))
                let hops = [traffic.fromClients, traffic.toClients, traffic.toS3, traffic.fromS3]
                return StackedBarChart.Bar(label: cell.label, values: hops.map { Double($0.total) / uploaded })
            })
        }
        let title = "Bytes through the app server per uploaded byte\(note)"
        let chart = StackedBarChart(title: title, yTitle: "app bytes per uploaded byte", xTitle: "object size",
                                    segments: segments, groups: groups)
        return ChartFile(path: path, caption: title, svg: chart.svg())
    }
}
