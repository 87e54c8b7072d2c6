// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Where, along a size sweep, the faster design changes: for each workload
/// family (the same load and links at several object sizes) and each proxy ×
/// presigned pair, the object size at which presigned URLs start to beat the
/// proxy on median latency, or that one design wins at every size measured.
struct Crossover {
    /// The family's title without the size, e.g. `8 clients, office-fibre`.
    let family: String
    let proxy: String
    let presigned: String
    let finding: Finding

    enum Finding: Equatable {
        /// Presigned is faster from `above` up; the proxy is faster up to `below`.
        case between(below: Int64, above: Int64)
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
            for pair in first.pairs {
                // Positive: the proxy is slower (presigned wins) at that size.
                let margins: [(size: Int64, presignedWins: Bool)] = workloads.compactMap { group in
                    guard let proxy = group.cells.first(where: { $0.label == pair.proxy.label }),
                          let presigned = group.cells.first(where: { $0.label == pair.presigned.label }),
                          let proxyP50 = proxy.metric("latency_p50_ms"),
                          let presignedP50 = presigned.metric("latency_p50_ms")
                    else { return nil }
                    return (group.objectSizeBytes, proxyP50 > presignedP50)
                }
                guard margins.count >= 2 else { continue }
                found.append(Crossover(
                    family: familyTitle(first), proxy: pair.proxy.label, presigned: pair.presigned.label,
                    finding: finding(margins)
                ))
            }
        }
        return found
    }

    static func finding(_ margins: [(size: Int64, presignedWins: Bool)]) -> Finding {
        if margins.allSatisfy(\.presignedWins) { return .presignedFasterThroughout }
        if margins.allSatisfy({ !$0.presignedWins }) { return .proxyFasterThroughout }
        let changes = zip(margins, margins.dropFirst()).filter { $0.presignedWins != $1.presignedWins }
        guard changes.count == 1, let change = changes.first, change.1.presignedWins else { return .mixed }
        return .between(below: change.0.size, above: change.1.size)
    }

    private static func familyTitle(_ group: WorkloadGroup) -> String {
        group.title.split(separator: ",").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ", ")
    }

    /// One sentence for the report.
    var sentence: String {
        let pair = "\(proxy) against \(presigned)"
        switch finding {
        case .between(let below, let above):
            return "\(family): \(pair): the proxy has the lower median latency up to "
                + "\(NumberFormat.bytes(Double(below))), presigned URLs from \(NumberFormat.bytes(Double(above))) up; "
                + "the crossover lies between these sizes."
        case .presignedFasterThroughout:
            return "\(family): \(pair): presigned URLs have the lower median latency at every size measured."
        case .proxyFasterThroughout:
            return "\(family): \(pair): the proxy has the lower median latency at every size measured."
        case .mixed:
            return "\(family): \(pair): the faster design changes more than once along the sizes; no single crossover."
        }
    }
}

extension MarkdownReport {
    /// The crossover section; empty when no size sweep ran.
    func crossovers() -> String {
        let found = Crossover.find(in: analysis)
        guard !found.isEmpty else { return "" }
        return "## Where the designs cross over\n\n"
            + "Median latency along each size sweep (see the latency-against-size charts):\n\n"
            + found.map { "- \($0.sentence)" }.joined(separator: "\n") + "\n"
    }
}
