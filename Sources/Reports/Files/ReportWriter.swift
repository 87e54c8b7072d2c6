// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import Metrics

/// Writes a run's report files into its run directory: `summary.csv`,
/// `timeseries.csv`, `report.md`, `charts/*.svg` and `run.json`.
/// `requests.csv` is written during the run with `RequestsCSV`, or at the end
/// with `writeRequests(_:run:to:)`.
public enum ReportWriter {
    /// Writes every file except `requests.csv`.
    /// - Returns: the paths written, relative to `directory`.
    /// - Throws: `ReportError` or a file system error.
    @discardableResult
    public static func write(_ run: RunResult, to directory: URL) throws -> [String] {
        let manager = FileManager.default
        try manager.createDirectory(at: directory.appendingPathComponent("charts"), withIntermediateDirectories: true)
        let analysis = try RunAnalysis(run)
        let charts = RunCharts.make(analysis)
        var files: [(String, String)] = [
            ("summary.csv", try SummaryCSV.table(for: run).rendered()),
            ("timeseries.csv", TimeSeriesCSV.table(for: run).rendered()),
            ("report.md", MarkdownReport(analysis: analysis, charts: charts).rendered()),
        ]
        files += charts.map { ($0.path, $0.svg) }
        for (path, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(path), options: .atomic)
        }
        try RunFile.write(run, to: directory)
        return files.map(\.0) + [RunFile.name]
    }

    /// Writes `requests.csv` from records held in memory.
    public static func writeRequests(_ records: some Sequence<UploadRecord>, run: RunResult, to directory: URL) throws {
        let writer = try RequestsCSV(url: directory.appendingPathComponent("requests.csv"), cells: run.cells)
        for record in records {
            try writer.append(record)
        }
        try writer.close()
    }
}
