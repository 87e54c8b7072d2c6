// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics
import Reports
import Testing

@Suite("compare and baselines")
struct CompareTests {
    /// Writes `run` as a run directory and returns its path.
    static func save(_ run: RunResult, in root: URL, name: String) throws -> String {
        let directory = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try RunFile.write(run, to: directory)
        return directory.path
    }

    static func compare(_ baseline: RunResult, _ current: RunResult) throws -> Comparison {
        try Comparison(baseline: ComparableRun(baseline), current: ComparableRun(current), options: CompareOptions())
    }

    @Test("A/A: ten comparisons of the same system with machine noise flag at most one regression")
    func aa() throws {
        var flagged = 0
        for trial in 0..<10 {
            let seed = UInt64(trial * 2 + 1)
            let a = Fixtures.run(repeats: 5, seed: seed, jitter: 0.05)
            let b = Fixtures.run(repeats: 5, seed: seed + 1, jitter: 0.05)
            if try Self.compare(a, b).exitStatus != Comparison.passStatus { flagged += 1 }
        }
        #expect(flagged <= 1)
    }

    @Test("A/A with whole-run machine drift (every figure 30% higher in one run) flags no regression")
    func aaWithRunDrift() throws {
        var flagged = 0
        for trial in 0..<10 {
            let seed = UInt64(200 + trial * 2)
            let a = Fixtures.run(repeats: 6, seed: seed, jitter: 0.05)
            let b = Fixtures.run(repeats: 6, noise: 1.3, seed: seed + 1, jitter: 0.05)
            if try Self.compare(a, b).exitStatus != Comparison.passStatus { flagged += 1 }
        }
        #expect(flagged == 0)
    }

    @Test("a 20% rise in proxy CPU and latency is flagged in at least 9 of 10 comparisons")
    func injectedRegression() throws {
        var flagged = 0
        for trial in 0..<10 {
            let seed = UInt64(100 + trial * 2)
            let baseline = Fixtures.run(repeats: 5, seed: seed, jitter: 0.05)
            let current = Fixtures.run(repeats: 5, seed: seed + 1, jitter: 0.05, scale: ["proxy": 1.2])
            let comparison = try Self.compare(baseline, current)
            if comparison.exitStatus == Comparison.regressionStatus { flagged += 1 }
            if trial == 0 {
                // The same-run ratio carries the gate: proxy changed, presigned did not.
                let ratio = comparison.rows.filter { $0.metric == "proxy_over_presigned_app_cpu_ms_per_upload" }
                #expect(ratio.count == 3)
                #expect(ratio.allSatisfy { $0.verdict == .changed })
                #expect(comparison.rows.filter { $0.cell.hasPrefix("presigned/") }.allSatisfy { !$0.verdict.fails })
            }
        }
        #expect(flagged >= 9)
    }

    @Test("a change smaller than its threshold is significant but not a regression")
    func withinThreshold() throws {
        let baseline = Fixtures.run(repeats: 5, seed: 3, jitter: 0.01)
        let current = Fixtures.run(repeats: 5, seed: 4, jitter: 0.01, scale: ["proxy": 1.05])
        let comparison = try Self.compare(baseline, current)
        #expect(comparison.exitStatus == Comparison.passStatus)
        #expect(comparison.rows.contains {
            $0.verdict == .withinThreshold && $0.metric == "proxy_over_presigned_app_cpu_ms_per_upload"
        })
    }

    @Test("with two repeats the gate says it cannot decide, but still checks exact counts")
    func tooFewRepeats() throws {
        let baseline = Fixtures.run(repeats: 2, seed: 5, jitter: 0.05)
        let current = Fixtures.run(repeats: 2, seed: 6, jitter: 0.05, scale: ["proxy": 1.5])
        let comparison = try Self.compare(baseline, current)
        #expect(comparison.rows.contains { $0.verdict == .tooFewRepeats })
        #expect(comparison.rows.filter { $0.metric == "app_bytes_per_upload" }.allSatisfy { $0.verdict == .noChange })
        #expect(comparison.markdown().contains("too few repeats to decide: run at least 4 repeats"))
        #expect(comparison.exitStatus == Comparison.passStatus)
    }

    @Test("more bytes per upload through the app server is a regression even with one repeat")
    func exactBytes() throws {
        let baseline = Fixtures.run(repeats: 1, seed: 7)
        var current = Fixtures.run(repeats: 1, seed: 7)
        current.cells[0].repeats[0].appTraffic.toS3.head += 50 * 200
        let comparison = try Self.compare(baseline, current)
        let row = try #require(comparison.rows.first { $0.metric == "app_bytes_per_upload" && $0.verdict == .regression })
        #expect(row.method == "exact")
        #expect(comparison.exitStatus == Comparison.regressionStatus)
    }

    @Test("one corrupted and one lost upload in a single repeat of six are regressions")
    func corruptionInOneRepeat() throws {
        let baseline = Fixtures.run(repeats: 6, seed: 11, jitter: 0.05)
        var current = Fixtures.run(repeats: 6, seed: 12, jitter: 0.05)
        current.cells[0].repeats[4].uploadsCorrupted = 1
        current.cells[0].repeats[2].uploadsLost = 1
        let comparison = try Self.compare(baseline, current)
        let cell = current.cells[0].key
        for metric in ["uploads_corrupted", "uploads_lost"] {
            let row = try #require(comparison.rows.first { $0.metric == metric && $0.cell == cell })
            #expect(row.verdict == .regression)
            #expect(row.method == "exact (worst repeat)")
            #expect(row.change == .infinity)
        }
        #expect(comparison.exitStatus == Comparison.regressionStatus)
        // The other way round the same repeats are an improvement, not a failure.
        let reverse = try Self.compare(current, baseline)
        #expect(reverse.rows.first { $0.metric == "uploads_corrupted" && $0.cell == cell }?.verdict == .improvement)
        #expect(reverse.exitStatus == Comparison.passStatus)
    }

    @Test("Markdown and CSV carry metric, baseline, current, change, interval and verdict")
    func outputs() throws {
        let baseline = Fixtures.run(repeats: 5, seed: 9, jitter: 0.05)
        let current = Fixtures.run(repeats: 5, seed: 10, jitter: 0.05, scale: ["proxy": 1.6])
        let comparison = try Self.compare(baseline, current)
        let markdown = comparison.markdown()
        #expect(markdown.contains("| verdict | metric | cell | baseline | current | change | 95% CI | p | threshold |"))
        #expect(markdown.contains("| **regression** | "))
        let csv = try #require(CSVTable.parse(comparison.csv()))
        #expect(csv.header.prefix(6) == ["verdict", "metric", "cell", "baseline_median", "current_median", "change_percent"])
        #expect(csv.rows.count == comparison.rows.count)
        #expect(csv.rows.first?.first == "regression")
    }

    @Test("bad inputs give exit status 2 and a sentence: missing, corrupt, other scenario, missing cells or metrics")
    func badInputs() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let good = try Self.save(Fixtures.run(), in: root, name: "good")

        let missing = CompareTool.compare(baselinePath: root.appendingPathComponent("nope").path, currentPath: good)
        #expect(missing.status == 2)
        #expect(missing.messages.first?.contains("No run found") == true)

        let corruptDirectory = root.appendingPathComponent("corrupt")
        try FileManager.default.createDirectory(at: corruptDirectory, withIntermediateDirectories: true)
        try Data("{\"formatVersion\": 1, \"cells\": 3}".utf8).write(to: corruptDirectory.appendingPathComponent("run.json"))
        #expect(CompareTool.compare(baselinePath: good, currentPath: corruptDirectory.path).status == 2)

        var other = Fixtures.run()
        other.metadata.scenarioName = "size-sweep"
        let otherScenario = CompareTool.compare(baselinePath: good, currentPath: try Self.save(other, in: root, name: "other"))
        #expect(otherScenario.status == 2)
        #expect(otherScenario.messages.first?.contains("different scenarios") == true)

        var fewer = Fixtures.run()
        fewer.cells.removeLast()
        let fewerCells = CompareTool.compare(baselinePath: good, currentPath: try Self.save(fewer, in: root, name: "fewer"))
        #expect(fewerCells.status == 2)
        #expect(fewerCells.messages.first?.contains("lacks cells") == true)

        var failed = Fixtures.run()
        for index in failed.cells[0].repeats.indices {
            failed.cells[0].repeats[index].uploadsOK = 0
            failed.cells[0].repeats[index].bytesUploaded = 0
            failed.cells[0].repeats[index].latency = LatencyHistogram()
        }
        let noMetric = CompareTool.compare(baselinePath: good, currentPath: try Self.save(failed, in: root, name: "failed"))
        #expect(noMetric.status == 2)
        #expect(noMetric.messages.first?.contains("has no value of") == true)

        let unknown = CompareTool.compare(baselinePath: good, currentPath: good, thresholds: ["latency_p42_ms=10%"])
        #expect(unknown.status == 2)
        #expect(unknown.messages.first?.contains("There is no metric 'latency_p42_ms'") == true)
        #expect(CompareTool.compare(baselinePath: good, currentPath: good, thresholds: ["latency_p99_ms"]).status == 2)
        #expect(CompareTool.compare(baselinePath: good, currentPath: good, thresholds: ["latency_p99_ms=x%"]).status == 2)
    }

    @Test("thresholds parse as percent or fraction and replace the default")
    func thresholds() throws {
        #expect(try CompareOptions.parseThreshold("latency_p99_ms=10%") == ("latency_p99_ms", 0.1))
        #expect(try CompareOptions.parseThreshold("app_cpu_seconds_per_gib=0.05").1 == 0.05)
        #expect(try CompareOptions.parseThreshold("app_cpu_seconds_per_gib=1").1 == 1)
        #expect(try CompareOptions.parseThreshold("latency_p50_ms=150%").1 == 1.5)
        // A bare 50 was taken as 5000 %; it is refused, saying both readings.
        #expect {
            try CompareOptions.parseThreshold("latency_p50_ms=50")
        } throws: { error in
            "\(error)".contains("The threshold 'latency_p50_ms=50' has no %, so it would be a fraction (5000%); "
                + "write 50% for 50 percent")
        }
        // Double(String) read these as 16% and 100%.
        #expect(throws: ReportError.self) { try CompareOptions.parseThreshold("latency_p99_ms=0x10%") }
        #expect(throws: ReportError.self) { try CompareOptions.parseThreshold("latency_p99_ms=1e0") }
        let options = try CompareOptions(thresholds: ["latency_p99_ms=40%"], useDefaults: false)
        #expect(options.thresholds == ["latency_p99_ms": 0.4])
        #expect(try CompareOptions().thresholds["proxy_over_presigned_app_cpu_ms_per_upload"] == 0.15)
    }

    @Test("baseline update into a place that cannot hold a directory says which path it cannot write")
    func baselineUnwritable() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let runPath = try Self.save(Fixtures.run(repeats: 2, seed: 13), in: root, name: "run")
        // A regular file where the baselines directory should be: no directory can be made under it.
        let blocker = root.appendingPathComponent("baselines")
        try Data("not a directory".utf8).write(to: blocker)
        #expect {
            try Baseline.record(runPath: runPath, name: "ci", in: blocker)
        } throws: { error in
            (error as? ReportError)?.message == "Cannot write \(blocker.appendingPathComponent("ci").path)."
        }
    }

    @Test("baseline update records per-repeat metrics and the environment; compare reads it and warns on a new machine")
    func baselineUpdate() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = Fixtures.run(repeats: 5, seed: 11, jitter: 0.05)
        let runPath = try Self.save(run, in: root, name: "run")
        let baselines = root.appendingPathComponent("baselines")
        let directory = try Baseline.record(runPath: runPath, name: "ci-smoke", in: baselines)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("summary.csv").path))
        #expect(try Baseline.loadComparable(directory.path) == ComparableRun(run))

        var elsewhere = Fixtures.run(repeats: 5, seed: 12, jitter: 0.05)
        elsewhere.environment.cpuCount = 16
        let outcome = CompareTool.compare(baselinePath: directory.path,
                                          currentPath: try Self.save(elsewhere, in: root, name: "elsewhere"))
        #expect(outcome.status == 0)
        #expect(outcome.messages.contains { $0.contains("Environments differ (CPU count: 16 vs 2)") })
        #expect(throws: ReportError.self) { try Baseline.record(runPath: runPath, name: "../x", in: baselines) }
    }

    @Test("--out writes the report to a file as well")
    func outFile() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = try Self.save(Fixtures.run(), in: root, name: "run")
        let out = root.appendingPathComponent("compare.csv").path
        let outcome = CompareTool.compare(baselinePath: path, currentPath: path, format: .csv, outPath: out)
        #expect(outcome.status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == outcome.report)
    }
}
