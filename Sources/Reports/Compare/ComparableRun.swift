// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import Metrics

/// What `compare` needs from a run: per cell, every headline metric's value
/// in each repeat, plus where and how the run was made. Built from `run.json`
/// or read from a baseline file.
public struct ComparableRun: Sendable, Equatable, Codable {
    /// One row to compare: an architecture in a workload, or a proxy/presigned pair.
    public struct Cell: Sendable, Equatable, Codable {
        /// Stable identity across runs, e.g. `proxy/stream size=4096 concurrency=8 link=loopback`.
        public var key: String
        /// Metric name to its value in each repeat (repeats where it is undefined are left out).
        public var metrics: [String: [Double]]
    }

    public var scenarioName: String
    public var runID: String
    public var gitRevision: String?
    public var startedAt: Date
    public var environment: Environment
    public var cells: [Cell]
    /// One sentence per cell whose numbers the machine or the harness limited
    /// (`ContentionCheck`); nil in baselines recorded before it was checked.
    public var limitedBy: [String]?

    /// Prefix of the metrics that compare proxy with presigned in the same run.
    public static let ratioPrefix = "proxy_over_presigned_"
    /// The metrics whose proxy ÷ presigned ratio is kept: the same run's
    /// machine noise largely cancels in them.
    public static let ratioMetrics = ["latency_p50_ms", "latency_p99_ms", "app_cpu_ms_per_upload", "throughput_mib_s"]

    /// The comparable form of `run`.
    /// - Throws: `LatencyHistogram.Error` when histograms cannot be merged.
    public init(_ run: RunResult) throws {
        scenarioName = run.metadata.scenarioName
        runID = run.metadata.runID
        gitRevision = run.metadata.gitRevision
        startedAt = run.metadata.startedAt
        environment = run.environment
        limitedBy = ContentionCheck.findings(for: run).map(\.sentence)
        cells = run.cells.map { cell in
            Cell(key: cell.key, metrics: Self.perRepeat(cell.repeats, metrics: HeadlineMetric.all.map(\.name)))
        }
        cells += try RunAnalysis(run).workloads.flatMap { group in
            group.pairs.map { pair in
                let count = min(pair.proxy.cell.repeats.count, pair.presigned.cell.repeats.count)
                var metrics: [String: [Double]] = [:]
                for name in Self.ratioMetrics {
                    let metric = HeadlineMetric.named(name)!
                    metrics[Self.ratioPrefix + name] = (0..<count).compactMap { index in
                        guard let proxy = metric.value(of: pair.proxy.cell.repeats[index]),
                              let presigned = metric.value(of: pair.presigned.cell.repeats[index]),
                              presigned > 0 else { return nil }
                        return proxy / presigned
                    }
                }
                return Cell(key: "\(pair.proxy.label)÷\(pair.presigned.label) \(group.workloadKey)", metrics: metrics)
            }
        }
    }

    static func perRepeat(_ repeats: [RepeatResult], metrics: [String]) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: metrics.map { name in
            let metric = HeadlineMetric.named(name)!
            return (name, repeats.compactMap { metric.value(of: $0) })
        })
    }
}
