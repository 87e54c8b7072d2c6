// SPDX-License-Identifier: Apache-2.0

/// The verdict's bullet points: how the architectures compare on CPU, bytes
/// and latency across all workloads, in plain sentences.
struct VerdictSentences {
    let pairs: [(proxy: CellSummary, presigned: CellSummary)]

    func bullets() -> [String] {
        [
            sentence(metric: "app_cpu_ms_per_upload", what: "app server CPU per upload"),
            sentence(metric: "app_bytes_per_uploaded_byte", what: "bytes through the app server per uploaded byte",
                     showValues: true),
            sentence(metric: "latency_p50_ms", what: "median latency"),
            sentence(metric: "latency_p99_ms", what: "p99 latency"),
        ].compactMap { $0 }
    }

    private func sentence(metric: String, what: String, showValues: Bool = false) -> String? {
        let values = pairs.compactMap { pair -> (Double, Double)? in
            guard let a = pair.proxy.metric(metric), let b = pair.presigned.metric(metric) else { return nil }
            return (a, b)
        }
        guard !values.isEmpty else { return nil }
        let presignedWins = values.filter { $0.1 < $0.0 }.count
        let ratios = values.filter { $0.1 > 0 }.map { $0.0 / $0.1 }.sorted()
        let median = Self.median(ratios)
        // A pair without a figure on one side (no upload stored, say) was won by neither side: the
        // sentence covers only the pairs that had both figures, and says how many did not.
        let missing = pairs.count - values.count
        let scope = missing == 0 ? "" : " that had figures on both sides"
        var text: String
        switch presignedWins {
        case values.count:
            text = "Presigned URLs had lower \(what) in every comparison\(scope)"
        case 0:
            text = "The proxy had lower \(what) in every comparison\(scope)"
        default:
            text = "Presigned URLs had lower \(what) in \(presignedWins) of \(values.count) comparisons\(scope)"
        }
        if let median { text += " (proxy ÷ presigned, median \(NumberFormat.ratio(median)))" }
        if showValues {
            let proxy = values.map(\.0)
            let presigned = values.map(\.1)
            text += ": proxy \(range(proxy)), presigned \(range(presigned))"
        }
        if missing > 0 { text += ". \(missing) of \(pairs.count) comparisons had no figure on one side" }
        return text + "."
    }

    /// The median of sorted ratios. With an even count it is the geometric mean of the middle two:
    /// taking the upper one alone tipped an even split towards the proxy costing more (0.717x and
    /// 1.09x gave "median 1.09x"), and a ratio's median must not depend on which side is divided by which.
    static func median(_ sortedRatios: [Double]) -> Double? {
        guard !sortedRatios.isEmpty else { return nil }
        let middle = sortedRatios.count / 2
        if !sortedRatios.count.isMultiple(of: 2) { return sortedRatios[middle] }
        return (sortedRatios[middle - 1] * sortedRatios[middle]).squareRoot()
    }

    private func range(_ values: [Double]) -> String {
        let (low, high) = (values.min()!, values.max()!)
        return NumberFormat.short(low) == NumberFormat.short(high) ? NumberFormat.short(low)
            : "\(NumberFormat.short(low)) to \(NumberFormat.short(high))"
    }
}
