// SPDX-License-Identifier: Apache-2.0

import Foundation
import Scenario

/// What `compare` gates on and how strict it is.
public struct CompareOptions: Sendable, Equatable {
    /// Metric name to the largest change (a fraction, 0.1 is 10 %) that is not a regression.
    public var thresholds: [String: Double]
    /// Significance level of the one-sided Mann-Whitney U test.
    public var alpha: Double
    /// Confidence of the bootstrap interval shown for each change.
    public var confidence: Double

    /// The defaults for CI, measured on a shared 2-core machine (results/gate,
    /// README "Comparing runs in CI"). Whole runs drift with the machine's load
    /// (app CPU per upload by up to 50 %, p50 latency by up to 130 % between
    /// back-to-back runs and far more between a quiet and a busy hour), and the
    /// repeats of one run drift together, so a rank test over repeats cannot
    /// tell such drift from a change. The tight gates are therefore on what does
    /// not drift: exact counts, and proxy ÷ presigned ratios of the same repeat,
    /// where the drift mostly cancels. Absolute CPU keeps a wide threshold that
    /// catches gross regressions; latency, throughput and peak buffered bytes
    /// (timing-dependent in stream mode) are left to `--threshold`.
    public static let defaultThresholds: [String: Double] = [
        "app_bytes_per_upload": 0.01,
        "uploads_corrupted": 0,
        "uploads_lost": 0,
        ComparableRun.ratioPrefix + "app_cpu_ms_per_upload": 0.15,
        ComparableRun.ratioPrefix + "latency_p50_ms": 1.00,
        "app_cpu_seconds_per_gib": 0.50,
    ]

    /// - Parameters:
    ///   - thresholds: `METRIC=PERCENT%` overrides, added to (or replacing) the defaults.
    ///   - useDefaults: false to gate only on the metrics in `thresholds`.
    /// - Throws: `ReportError` for a malformed threshold or an unknown metric.
    public init(thresholds: [String] = [], useDefaults: Bool = true, alpha: Double = 0.05, confidence: Double = 0.95) throws {
        var table = useDefaults ? Self.defaultThresholds : [:]
        for text in thresholds {
            let (name, value) = try Self.parseThreshold(text)
            table[name] = value
        }
        self.thresholds = table
        self.alpha = alpha
        self.confidence = confidence
    }

    /// Parses `latency_p99_ms=10%` (or `=0.1`) into a name and a fraction.
    /// - Throws: `ReportError` when malformed or naming no metric.
    public static func parseThreshold(_ text: String) throws -> (String, Double) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw ReportError.badThreshold(text) }
        let name = parts[0].trimmingCharacters(in: .whitespaces)
        var number = parts[1].trimmingCharacters(in: .whitespaces)
        let percent = number.hasSuffix("%")
        if percent { number.removeLast() }
        guard let value = Double(plainDecimal: number), value.isFinite else { throw ReportError.badThreshold(text) }
        // `=50` almost always means 50 %, which as a fraction would be 5000 %: ask which.
        guard percent || value <= 1 else { throw ReportError.ambiguousThreshold(text, value: value) }
        guard isKnownMetric(name) else { throw ReportError.unknownMetric(name) }
        return (name, percent ? value / 100 : value)
    }

    static func isKnownMetric(_ name: String) -> Bool {
        if HeadlineMetric.named(name) != nil { return true }
        return name.hasPrefix(ComparableRun.ratioPrefix)
            && ComparableRun.ratioMetrics.contains(String(name.dropFirst(ComparableRun.ratioPrefix.count)))
    }
}
