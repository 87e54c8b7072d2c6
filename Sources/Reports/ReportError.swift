// SPDX-License-Identifier: Apache-2.0

/// Why a report could not be written or a run could not be read.
public struct ReportError: Error, CustomStringConvertible, Equatable {
    private enum Code: String {
        case cannotWrite = "cannot-write"
        case missingRun = "missing-run"
        case corruptRun = "corrupt-run"
        case unsupportedVersion = "unsupported-version"
        case badBaselineName = "bad-baseline-name"
        case mismatchedRuns = "mismatched-runs"
        case missingMetric = "missing-metric"
        case unknownMetric = "unknown-metric"
        case badThreshold = "bad-threshold"
    }

    private let code: Code
    /// A sentence for people, naming the file.
    public let message: String

    /// A short label, safe for CSV cells and metric names.
    public var label: String { code.rawValue }
    public var description: String { message }

    static func cannotWrite(_ path: String) -> ReportError {
        ReportError(code: .cannotWrite, message: "Cannot write \(path).")
    }

    static func missingRun(_ path: String) -> ReportError {
        ReportError(code: .missingRun, message: "No run found at \(path): pass a run directory or its run.json.")
    }

    static func corruptRun(_ path: String, _ reason: String) -> ReportError {
        ReportError(code: .corruptRun, message: "\(path) is not a readable run file: \(reason).")
    }

    static func unsupportedVersion(_ path: String, _ version: Int) -> ReportError {
        ReportError(
            code: .unsupportedVersion,
            message: "\(path) has format version \(version); this build reads version \(RunFile.formatVersion)."
        )
    }

    static func badBaselineName(_ name: String) -> ReportError {
        ReportError(code: .badBaselineName, message: "'\(name)' cannot name a baseline: use letters, digits, '-' or '_'.")
    }

    static func mismatchedRuns(_ message: String) -> ReportError {
        ReportError(code: .mismatchedRuns, message: message)
    }

    static func missingMetric(_ message: String) -> ReportError {
        ReportError(code: .missingMetric, message: message)
    }

    static func unknownMetric(_ name: String) -> ReportError {
        ReportError(code: .unknownMetric, message: "There is no metric '\(name)'. Metrics: "
            + (HeadlineMetric.all.map(\.name) + ComparableRun.ratioMetrics.map { ComparableRun.ratioPrefix + $0 })
                .joined(separator: ", ") + ".")
    }

    static func ambiguousThreshold(_ text: String, value: Double) -> ReportError {
        let figure = NumberFormat.short(value)
        return ReportError(code: .badThreshold, message: "The threshold '\(text)' has no %, so it would be a fraction "
            + "(\(NumberFormat.short(value * 100))%); write \(figure)% for \(figure) percent, or a fraction from 0 to 1.")
    }

    static func badThreshold(_ text: String) -> ReportError {
        ReportError(code: .badThreshold, message: "The threshold '\(text)' is not METRIC=PERCENT%, "
            + "for example latency_p99_ms=10%.")
    }
}
