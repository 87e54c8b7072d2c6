// SPDX-License-Identifier: Apache-2.0

public import Foundation
import Metrics

/// A recorded baseline: `results/baselines/NAME/baseline.json` with the run's
/// per-repeat metrics and environment, and a copy of its `summary.csv`.
public struct Baseline: Sendable, Equatable, Codable {
    /// Marks the file as a baseline (a run file has no such field).
    public var kind = "upload-bench-baseline"
    public var formatVersion = RunFile.formatVersion
    public var name: String
    public var recordedAt: Date
    /// The run the baseline was taken from.
    public var run: ComparableRun

    /// The file name inside a baseline directory.
    public static let fileName = "baseline.json"

    /// Records the run at `runPath` as baseline `name` under `directory`
    /// (usually `results/baselines`).
    /// - Returns: the baseline's directory.
    /// - Throws: `ReportError` when the run cannot be read or the baseline cannot be written.
    @discardableResult
    public static func record(runPath: String, name: String?, in directory: URL, now: Date = Date()) throws -> URL {
        let run = try RunFile.load(runPath)
        let baselineName = name ?? run.metadata.scenarioName
        guard !baselineName.isEmpty, !baselineName.contains("/"), !baselineName.hasPrefix(".") else {
            throw ReportError.badBaselineName(baselineName)
        }
        let target = directory.appendingPathComponent(baselineName, isDirectory: true)
        let baseline = Baseline(name: baselineName, recordedAt: now, run: try ComparableRun(run))
        let encoded = try RunResult.makeEncoder().encode(baseline)
        let summary = try SummaryCSV.table(for: run).rendered()
        // A Foundation error names its domain and code, not what the user should fix: say which path.
        do {
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        } catch {
            throw ReportError.cannotWrite(target.path)
        }
        for (name, data) in [(fileName, encoded), ("summary.csv", Data(summary.utf8))] {
            let file = target.appendingPathComponent(name)
            do {
                try data.write(to: file, options: .atomic)
            } catch {
                throw ReportError.cannotWrite(file.path)
            }
        }
        return target
    }

    /// The comparable run at `path`: a run directory, a `run.json`, a baseline
    /// directory or a `baseline.json`.
    /// - Throws: `ReportError` when nothing usable is there.
    public static func loadComparable(_ path: String) throws -> ComparableRun {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let baselineFile = isDirectory.boolValue ? (path as NSString).appendingPathComponent(fileName) : path
        if let data = FileManager.default.contents(atPath: baselineFile), isBaseline(data) {
            do {
                let baseline = try RunResult.makeDecoder().decode(Baseline.self, from: data)
                guard baseline.formatVersion == RunFile.formatVersion else {
                    throw ReportError.unsupportedVersion(baselineFile, baseline.formatVersion)
                }
                return baseline.run
            } catch let error as ReportError {
                throw error
            } catch {
                throw ReportError.corruptRun(baselineFile, RunFile.describe(error))
            }
        }
        guard exists else { throw ReportError.missingRun(path) }
        let run = try RunFile.load(path)
        do {
            return try ComparableRun(run)
        } catch {
            throw ReportError.corruptRun(path, "\(error)")
        }
    }

    private static func isBaseline(_ data: Data) -> Bool {
        struct Kind: Decodable { var kind: String? }
        return (try? JSONDecoder().decode(Kind.self, from: data))?.kind == "upload-bench-baseline"
    }
}
