// SPDX-License-Identifier: Apache-2.0

public import Metrics

/// `summary.csv`: one row per architecture and matrix cell, the repeats merged.
public enum SummaryCSV {
    /// Columns describing the row before the metrics.
    public static let identityColumns = [
        "architecture", "variant", "object_size_bytes", "object_size_distribution", "concurrency",
        "arrival_rate_per_s", "link_profile", "repeats",
    ]

    /// Every column in order: identity, `HeadlineMetric.all`, then `error_codes`
    /// and `limited_by` (what the machine or harness limited, see `ContentionCheck`).
    public static var columns: [String] {
        identityColumns + HeadlineMetric.all.map(\.name) + ["error_codes", "limited_by"]
    }

    /// The table for `run`.
    /// - Throws: `LatencyHistogram.Error` when a cell's repeats cannot be merged.
    public static func table(for run: RunResult) throws -> CSVTable {
        CSVTable(header: columns, rows: try run.cells.map { cell in
            let total = try cell.total()
            let limits = ContentionCheck.findings(for: cell)
            return identity(of: cell) + HeadlineMetric.all.map { NumberFormat.csv($0.value(of: total)) }
                + [errorCodes(total.errorsByCode), limits.map(\.resource.rawValue).joined(separator: ";")]
        })
    }

    static func identity(of cell: CellResult) -> [String] {
        [
            cell.architecture, cell.variant, String(cell.objectSizeBytes), cell.objectSizeDistribution ?? "",
            String(cell.concurrency), NumberFormat.csv(cell.arrivalRatePerSecond), cell.linkProfile,
            String(cell.repeats.count),
        ]
    }

    /// `InternalError=2;SlowDown=5`, sorted by code.
    static func errorCodes(_ errors: [String: Int]) -> String {
        errors.keys.sorted().map { "\($0)=\(errors[$0]!)" }.joined(separator: ";")
    }
}
