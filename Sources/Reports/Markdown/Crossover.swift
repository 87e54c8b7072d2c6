// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Where, along a size sweep, the better design changes: for each workload
/// family (the same load and links at several object sizes), each proxy ×
/// presigned pair and each compared figure (median latency, app server CPU
/// per upload), the object size at which presigned URLs start to beat the
/// proxy, or that one design wins at every size measured.
struct Crossover {
    /// The figures compared, lower is better for each: headline metric name and wording.
    static let figures: [(metric: String, wording: String)] = [
        ("latency_p50_ms", "median latency"),
        ("app_cpu_ms_per_upload", "app server CPU per upload"),
    ]

    /// The size where the lines meet, for a single crossover either way.
    var estimate: Double? {
        switch finding {
        case .between(_, _, let estimate), .reversed(_, _, let estimate): estimate
        case .presignedFasterThroughout, .proxyFasterThroughout, .mixed: nil
        }
    }

    /// The family's title without the size, e.g. `8 clients, office-fibre`.
    let family: String
    /// The family's key (`RunAnalysis.families`), to find its charts.
    let familyKey: String
    /// The headline metric compared, e.g. `latency_p50_ms`.
    let metric: String
    let proxy: String
    let presigned: String
    /// What was compared, e.g. "median latency".
    let figure: String
    let finding: Finding

    /// One measured size: both designs' figures there.
    struct Margin {
        var size: Int64
        var proxy: Double
        var presigned: Double

        var presignedWins: Bool { proxy > presigned }
    }

    enum Finding: Equatable {
        /// Presigned is faster from `above` up; the proxy is faster up to `below`.
        /// `estimate` is where the two lines meet on log-log axes, nil when a figure is zero.
        case between(below: Int64, above: Int64, estimate: Double?)
        /// The other way round: presigned is lower up to `below`, the proxy from `above` up.
        case reversed(below: Int64, above: Int64, estimate: Double?)
        case presignedFasterThroughout
        case proxyFasterThroughout
        /// The sign changes more than once: no single crossover.
        case mixed
    }

    /// Crossovers of every family with at least two sizes.
    static func find(in analysis: RunAnalysis) -> [Crossover] {
        var found: [Crossover] = []
        for family in analysis.families where family.workloads.count >= 2 {
            let workloads = family.workloads.sorted { $0.objectSizeBytes < $1.objectSizeBytes }
            guard let first = workloads.first else { continue }
            for (metric, wording) in figures {
                for pair in first.pairs {
                    let margins: [Margin] = workloads.compactMap { group in
                        guard let proxy = group.cells.first(where: { $0.label == pair.proxy.label }),
                              let presigned = group.cells.first(where: { $0.label == pair.presigned.label }),
                              let proxyValue = proxy.metric(metric),
                              let presignedValue = presigned.metric(metric)
                        else { return nil }
                        return Margin(size: group.objectSizeBytes, proxy: proxyValue, presigned: presignedValue)
                    }
                    guard margins.count >= 2 else { continue }
                    found.append(Crossover(
                        family: familyTitle(first), familyKey: family.key, metric: metric, proxy: pair.proxy.label,
                        presigned: pair.presigned.label, figure: wording, finding: finding(margins)
                    ))
                }
            }
        }
        return found
    }

    static func finding(_ margins: [Margin]) -> Finding {
        if margins.allSatisfy(\.presignedWins) { return .presignedFasterThroughout }
        if margins.allSatisfy({ !$0.presignedWins }) { return .proxyFasterThroughout }
        let changes = zip(margins, margins.dropFirst()).filter { $0.presignedWins != $1.presignedWins }
        guard changes.count == 1, let (below, above) = changes.first else { return .mixed }
        let estimate = meetingPoint(below, above)
        return above.presignedWins
            ? .between(below: below.size, above: above.size, estimate: estimate)
            : .reversed(below: below.size, above: above.size, estimate: estimate)
    }

    /// The size where the straight lines between two measured sizes cross on the
    /// charts' log-log axes: a reading aid between two measurements, not a measurement.
    static func meetingPoint(_ below: Margin, _ above: Margin) -> Double? {
        let figures = [below.proxy, below.presigned, above.proxy, above.presigned]
        guard figures.allSatisfy({ $0 > 0 && $0.isFinite }), below.size > 0, above.size > below.size else { return nil }
        let gapBelow = log(below.proxy / below.presigned)
        let gapAbove = log(above.proxy / above.presigned)
        guard gapAbove != gapBelow else { return nil }
        let share = -gapBelow / (gapAbove - gapBelow)
        let logSize = log(Double(below.size)) + share * (log(Double(above.size)) - log(Double(below.size)))
        return exp(logSize)
    }

    /// A workload's title without its size, e.g. `4 clients, mobile-uplink`.
    static func familyTitle(_ group: WorkloadGroup) -> String {
        group.title.split(separator: ",").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ", ")
    }

    /// One sentence for the report.
    var sentence: String {
        let pair = "\(proxy) against \(presigned), \(figure)"
        switch finding {
        case .between(let below, let above, let estimate), .reversed(let below, let above, let estimate):
            // Which design is lower on the small side and which on the large one.
            let (small, large) = if case .between = finding { ("the proxy is", "presigned URLs") }
                else { ("presigned URLs are", "the proxy") }
            let near = estimate.map { ", near \(NumberFormat.bytes($0)) where the chart's lines meet" } ?? ""
            return "\(family): \(pair): \(small) lower up to "
                + "\(NumberFormat.bytes(Double(below))), \(large) from \(NumberFormat.bytes(Double(above))) up; "
                + "the crossover lies between these sizes\(near)."
        case .presignedFasterThroughout:
            return "\(family): \(pair): presigned URLs are lower at every size measured."
        case .proxyFasterThroughout:
            return "\(family): \(pair): the proxy is lower at every size measured."
        case .mixed:
            return "\(family): \(pair): the lower design changes more than once along the sizes; no single crossover."
        }
    }
}

extension MarkdownReport {
    /// The crossover section; empty when no size sweep ran.
    func crossovers() -> String {
        let found = Crossover.find(in: analysis)
        guard !found.isEmpty else { return "" }
        return "## Where the designs cross over\n\n"
            + "Along each size sweep, which design has the lower median latency and the lower app server CPU per "
            + "upload (see the charts against object size):\n\n"
            + found.map { "- \($0.sentence)" }.joined(separator: "\n") + "\n"
    }
}
