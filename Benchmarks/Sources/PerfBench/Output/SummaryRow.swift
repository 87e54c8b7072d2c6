// SPDX-License-Identifier: Apache-2.0

/// One headline figure: the harness's value, its anchor's (nginx or wrk), their ratio and the goal.
struct SummaryRow {
    /// A bound on the ratio (or, without an anchor, on the value).
    enum Goal {
        case atLeast(Double)
        case atMost(Double)
        case below(Double)

        var text: String {
            switch self {
            case .atLeast(let bound): ">= \(Format.fixed(bound, 2))"
            case .atMost(let bound): "<= \(Format.fixed(bound, 2))"
            case .below(let bound): "< \(Format.fixed(bound, 0))"
            }
        }

        func isMet(by value: Double) -> Bool {
            switch self {
            case .atLeast(let bound): value >= bound
            case .atMost(let bound): value <= bound
            case .below(let bound): value < bound
            }
        }
    }

    var metric: String
    var harness: Double?
    var anchor: Double?
    var goal: Goal?
    /// The median of the rounds' own harness/anchor ratios, where the suite measured in
    /// interleaved rounds: each round pairs two adjacent windows, so drift of the machine
    /// over the run cancels, which a ratio of the two medians lets through.
    var pairedRatio: Double?

    var ratio: Double? {
        if let pairedRatio { return pairedRatio }
        // Only between positive figures: two negative "added" latencies gave a ratio of 0.03.
        guard let harness, let anchor, anchor > 0, harness >= 0 else { return nil }
        return harness / anchor
    }

    /// The value the goal applies to: the ratio when there is an anchor.
    var checked: Double? { anchor == nil ? harness : ratio }

    /// nil when there is no goal or the figure is missing.
    var met: Bool? {
        guard let goal, let checked, checked.isFinite else { return nil }
        return goal.isMet(by: checked)
    }

    var verdict: String {
        guard goal != nil else { return "" }
        switch met {
        case .some(true): return "met"
        case .some(false): return "MISSED"
        case .none: return "not measured"
        }
    }

    static let header = ["metric", "harness", "anchor", "ratio", "goal", "verdict"]

    var fields: [String] {
        [
            metric, harness.map { Format.fixed($0, 3) } ?? "", anchor.map { Format.fixed($0, 3) } ?? "",
            ratio.map { Format.fixed($0, 2) } ?? "", goal?.text ?? "", verdict,
        ]
    }
}
