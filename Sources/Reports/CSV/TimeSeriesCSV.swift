// SPDX-License-Identifier: Apache-2.0

public import Metrics

/// `timeseries.csv`: one row per second of each repeat of each cell.
public enum TimeSeriesCSV {
    /// The columns, in order.
    public static let columns = [
        "architecture", "variant", "object_size_bytes", "concurrency", "link_profile", "repeat", "second",
        "uploads_ok", "errors", "bytes", "throughput_mib_s", "latency_p50_ms", "latency_p99_ms",
        "app_cpu_seconds", "machine_busy_cores", "other_load_cores",
    ]

    /// The table for `run`.
    public static func table(for run: RunResult) -> CSVTable {
        var rows: [[String]] = []
        for cell in run.cells {
            // `repeat` counts from 1, as the console's "repeat 1" and requests.csv do.
            for (index, repeatResult) in cell.repeats.enumerated() {
                for point in repeatResult.timeSeries.points {
                    let cpuSeconds = Double(point.appCPUNanoseconds) / 1e9
                    rows.append([
                        cell.architecture, cell.variant, String(cell.objectSizeBytes), String(cell.concurrency),
                        cell.linkProfile, String(index + 1), String(point.second), String(point.uploadsOK),
                        String(point.errors), String(point.bytes),
                        NumberFormat.csv(Double(point.bytes) / HeadlineMetric.mebibyte),
                        NumberFormat.csv(point.latencyP50Nanoseconds.map { Double($0) / 1e6 }),
                        NumberFormat.csv(point.latencyP99Nanoseconds.map { Double($0) / 1e6 }),
                        // Per one-second row, so 1.0 is one core busy.
                        NumberFormat.csv(cpuSeconds),
                        NumberFormat.csv(point.machineBusyNanoseconds.map { Double($0) / 1e9 }),
                        NumberFormat.csv(point.otherCPUNanoseconds.map { Double($0) / 1e9 }),
                    ])
                }
            }
        }
        return CSVTable(header: columns, rows: rows)
    }
}
