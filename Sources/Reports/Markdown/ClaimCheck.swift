// SPDX-License-Identifier: Apache-2.0

import Metrics

/// One usual claim for presigned URLs, checked against a run's numbers.
struct ClaimCheck {
    enum Outcome: String {
        case holds = "Yes"
        case partly = "Partly"
        case fails = "No"
        case notMeasured = "Not measured"
    }

    let claim: String
    let outcome: Outcome
    let evidence: String

    /// The four usual claims, in the order the design lists them.
    static func all(_ analysis: RunAnalysis) -> [ClaimCheck] {
        [
            compare(analysis, claim: "Less work for the app server", metric: "app_cpu_ms_per_upload",
                    what: "app CPU per upload", unit: "ms",
                    whyNot: "the presign requests (and any confirm or complete) cost the server more than relaying these bytes"),
            access(analysis),
            compare(analysis, claim: "Fewer bytes through the app server", metric: "app_bytes_per_upload",
                    what: "app bytes per upload", unit: "B",
                    whyNot: "the presign request and its response are larger than the object"),
            compare(analysis, claim: "Lower latency", metric: "latency_p50_ms", what: "median latency", unit: "ms",
                    whyNot: "the extra round trips to get a URL (and to confirm or complete the upload) take longer than sending straight to S3 saves"),
        ]
    }

    /// "all 3 comparisons", "both comparisons", or "the only comparison" where "all 1 comparisons" would be wrong.
    static func everyComparison(_ count: Int) -> String {
        switch count {
        case 1: "the only comparison"
        case 2: "both comparisons"
        default: "all \(count) comparisons"
        }
    }

    // Holds where presigned is lower than the proxy; says which workloads break it.
    static func compare(_ analysis: RunAnalysis, claim: String, metric: String, what: String, unit: String,
                        whyNot: String) -> ClaimCheck {
        var holding: [String] = []
        var failing: [String] = []
        var ratios: [Double] = []
        var withoutFigures = 0
        for group in analysis.workloads {
            for pair in group.pairs {
                guard let proxy = pair.proxy.metric(metric), let presigned = pair.presigned.metric(metric) else {
                    withoutFigures += 1
                    continue
                }
                let place = analysis.workloads.count > 1 ? "\(group.title) (\(pair.proxy.label) vs \(pair.presigned.label))"
                    : "\(pair.proxy.label) vs \(pair.presigned.label)"
                let figures = "\(NumberFormat.short(proxy)) \(unit) vs \(NumberFormat.short(presigned)) \(unit)"
                if presigned < proxy {
                    holding.append(place)
                } else {
                    failing.append("\(place): \(figures)")
                }
                if presigned > 0 { ratios.append(proxy / presigned) }
            }
        }
        guard !holding.isEmpty || !failing.isEmpty else {
            // Cells of both designs can exist and still give nothing to compare: every upload of one failed.
            let evidence = withoutFigures == 0 ? "This run has no workload with both a proxy and a presigned cell."
                : "None of the \(withoutFigures) proxy and presigned comparisons had \(what) on both sides: "
                    + "one side stored no upload (see Errors)."
            return ClaimCheck(claim: claim, outcome: .notMeasured, evidence: evidence)
        }
        let range = ratios.isEmpty ? "" : " Proxy ÷ presigned \(what): "
            + (ratios.count == 1 ? NumberFormat.ratio(ratios[0])
                : "\(NumberFormat.ratio(ratios.min())) to \(NumberFormat.ratio(ratios.max()))") + "."
        if failing.isEmpty {
            return ClaimCheck(claim: claim, outcome: .holds,
                              evidence: "Presigned has lower \(what) in \(everyComparison(holding.count)).\(range)")
        }
        let where_ = "Does not hold for " + failing.joined(separator: "; ") + ": \(whyNot)."
        if holding.isEmpty {
            return ClaimCheck(claim: claim, outcome: .fails, evidence: where_ + range)
        }
        return ClaimCheck(claim: claim, outcome: .partly,
                          evidence: "Holds in \(holding.count) of \(holding.count + failing.count) comparisons. "
                              + where_ + range)
    }

    static func access(_ analysis: RunAnalysis) -> ClaimCheck {
        let claim = "Temporary, scoped access"
        let checks = analysis.run.securityChecks
        guard !checks.isEmpty else {
            return ClaimCheck(claim: claim, outcome: .notMeasured,
                              evidence: "No access probes ran in this run. By design a presigned URL is valid for one "
                                  + "method and key until it expires, while the proxy never gives clients S3 access.")
        }
        let failed = checks.filter { !$0.passed }
        let passed = checks.filter(\.passed)
        // Each probe once, the ones that broke the claim first: a mark on every item buried them.
        func list(_ probes: [SecurityCheck]) -> String {
            probes.map { "\($0.name) (\($0.detail))" }.joined(separator: "; ")
        }
        var evidence = "\(passed.count) of \(checks.count) probes behaved as the claim needs"
        if !failed.isEmpty { evidence += ". NOT as expected: \(list(failed))" }
        if !passed.isEmpty { evidence += failed.isEmpty ? ": \(list(passed))" : ". As expected: \(list(passed))" }
        let outcome: Outcome = failed.isEmpty ? .holds : (failed.count == checks.count ? .fails : .partly)
        return ClaimCheck(claim: claim, outcome: outcome, evidence: evidence + ".")
    }
}
