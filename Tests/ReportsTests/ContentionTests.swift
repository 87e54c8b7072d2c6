// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics
import Reports
import Testing

@Suite("Machine and harness limits")
struct ContentionTests {
    static let calm = MachineLoad(
        cpuCount: 2, machineBusyCores: 1.1, ownCores: 1.05, otherCores: 0.05, stealCores: 0.01, loadAverageStart: 0.8,
        loadAverageEnd: 1.2, busiestThread: ["loadgen": 0.35, "network": 0.2, "mock-s3": 0.4]
    )

    /// The fixture run with `load` in every repeat of the cell at `index` and a calm load elsewhere.
    static func run(_ load: MachineLoad, inCell index: Int = 0) -> RunResult {
        var run = Fixtures.run()
        for cell in run.cells.indices {
            for repeatIndex in run.cells[cell].repeats.indices {
                run.cells[cell].repeats[repeatIndex].machineLoad = cell == index ? load : calm
            }
        }
        return run
    }

    @Test("a calm cell raises nothing")
    func calmCellIsQuiet() throws {
        #expect(ContentionCheck.findings(cell: "c", load: Self.calm).isEmpty)
        #expect(ContentionCheck.findings(for: Self.run(Self.calm)).isEmpty)
    }

    @Test("a load-generator thread above 90% of a core flags the harness as the limit")
    func saturatedLoadGenerator() throws {
        var load = Self.calm
        load.busiestThread["loadgen"] = 0.97
        let findings = ContentionCheck.findings(cell: "proxy/stream size=4096", load: load)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.resource == .loadGenerator)
        #expect(finding.isHarness)
        #expect(finding.figure == "busy 97% of one core")
        #expect(finding.meaning.contains("not the architecture under test"))
    }

    @Test("a saturated link emulator or mock S3 thread is flagged too, each under its own name")
    func otherHarnessThreads() {
        var load = Self.calm
        load.busiestThread = ["network": 0.92, "mock-s3": 0.99, "loadgen": 0.89]
        let resources = ContentionCheck.findings(cell: "c", load: load).map(\.resource)
        #expect(resources == [.linkEmulator, .mockS3])
    }

    @Test("other processes using 0.9 of 2 cores flag the machine, with the figures")
    func overloadedMachine() throws {
        var load = Self.calm
        load.machineBusyCores = 1.95
        load.otherCores = 0.9
        load.loadAverageEnd = 6.5
        let finding = try #require(ContentionCheck.findings(cell: "c", load: load).first)
        #expect(finding.resource == .otherProcesses)
        #expect(finding.figure == "used 0.9 cores of 2 (machine busy 1.95 cores of 2, load average 0.8 to 6.5)")
        #expect(finding.meaning.contains("latencies in this cell include waiting for CPU"))
        #expect(!finding.isHarness)
    }

    @Test("a figure of exactly one core reads \"1 core\", not \"1 cores\"")
    func singularCore() {
        var load = Self.calm
        load.cpuCount = 1
        load.machineBusyCores = 1
        load.ownCores = 0.95
        load.otherCores = 0.05
        load.stealCores = 1
        let figures = ContentionCheck.findings(cell: "c", load: load).map(\.figure)
        #expect(figures == ["busy 1 core of 1, 0.95 of them this run's", "took 1 core of 1"])
    }

    @Test("a machine saturated by this run alone, and steal, are flagged as the machine's limits")
    func saturatedByItselfAndSteal() {
        var load = Self.calm
        load.machineBusyCores = 1.9
        load.ownCores = 1.85
        load.otherCores = 0.05
        load.stealCores = 0.3
        let findings = ContentionCheck.findings(cell: "c", load: load)
        #expect(findings.map(\.resource) == [.machineCPU, .steal])
        #expect(findings.first?.figure == "busy 1.9 cores of 2, 1.85 of them this run's")
    }

    @Test("each repeat is judged on its own: a saturated repeat shows though the merge takes another repeat's machine figures")
    func repeatsJudgedApart() throws {
        var disturbed = Self.calm
        disturbed.otherCores = 0.6
        disturbed.machineBusyCores = 1.5
        var saturated = Self.calm
        saturated.machineBusyCores = 1.96
        saturated.ownCores = 1.9
        var hotter = disturbed
        hotter.otherCores = 0.8
        var cell = CellResult(architecture: "proxy", variant: "stream", objectSizeBytes: 1, concurrency: 1)
        for load in [disturbed, saturated, hotter] {
            var result = RepeatResult()
            result.machineLoad = load
            cell.repeats.append(result)
        }
        let findings = ContentionCheck.findings(for: cell)
        #expect(findings.map(\.resource) == [.machineCPU, .otherProcesses])
        // The worst repeat's figure for each resource.
        #expect(findings.last?.figure.hasPrefix("used 0.8 cores of 2") == true)
        #expect(try cell.total().machineLoad?.otherCores == 0.8)
    }

    @Test("report.md warns near the top, names the cell, resource and figure, and tabulates every cell")
    func markdownWarning() throws {
        var load = Self.calm
        load.otherCores = 0.9
        load.machineBusyCores = 1.95
        load.busiestThread["loadgen"] = 0.96
        let run = Self.run(load, inCell: 1)
        let (directory, _) = try ReportFilesTests.written(run)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        #expect(headings.first == "## Warning: some numbers were limited by the harness or the machine")
        #expect(headings.contains("## Machine and harness load"))
        let key = run.cells[1].key
        #expect(text.contains("- `\(key)`: other processes used 0.9 cores of 2"))
        #expect(text.contains("latencies in this cell include waiting for CPU; rerun on a quieter machine or lower the concurrency"))
        #expect(text.contains("- `\(key)`: load-generator thread busy 96% of one core"))
        // Only the disturbed cell is named in the warning.
        let warning = text.components(separatedBy: "## Verdict")[0]
        #expect(!warning.contains("`\(run.cells[0].key)`"))
    }

    @Test("a calm run's report has the load table but no warning")
    func calmReport() throws {
        let (directory, _) = try ReportFilesTests.written(Self.run(Self.calm))
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(!text.contains("## Warning"))
        #expect(text.contains("## Machine and harness load"))
        #expect(text.contains("| 1.1 of 2 |"))
    }

    @Test("summary.csv and run.json carry the figures and what limited each cell")
    func csvAndJSONFields() throws {
        var load = Self.calm
        load.busiestThread["loadgen"] = 0.97
        let run = Self.run(load, inCell: 1)
        let table = try SummaryCSV.table(for: run)
        func value(_ row: Int, _ column: String) throws -> String {
            table.rows[row][try #require(table.header.firstIndex(of: column), "no column \(column)")]
        }
        #expect(try value(1, "loadgen_busiest_thread_percent") == "97")
        #expect(try value(1, "other_load_cores") == "0.05")
        #expect(try value(1, "load_average_1m_end") == "1.2")
        #expect(try value(1, "limited_by") == "load-generator thread")
        #expect(try value(0, "limited_by") == "")
        #expect(try value(0, "mock_s3_busiest_thread_percent") == "40")
        let json = try RunResult.makeDecoder().decode(RunResult.self, from: RunResult.makeEncoder().encode(run))
        #expect(json.cells[1].repeats[0].machineLoad == load)
    }

    @Test("compare notes a flagged run without changing its verdict or exit status")
    func compareNote() throws {
        var load = Self.calm
        load.otherCores = 1.2
        let calm = try ComparableRun(Self.run(Self.calm))
        let flagged = try ComparableRun(Self.run(load))
        let quiet = try Comparison(baseline: calm, current: calm, options: CompareOptions())
        let noted = try Comparison(baseline: calm, current: flagged, options: CompareOptions())
        #expect(!quiet.warnings.contains { $0.contains("limited by the machine") })
        let note = try #require(noted.warnings.first { $0.contains("limited by the machine") })
        #expect(note.hasPrefix("The current run was limited by the machine or the harness in 1 finding"))
        #expect(note.contains("other processes used 1.2 cores of 2"))
        #expect(noted.exitStatus == quiet.exitStatus)
        #expect(noted.rows.map(\.verdict) == quiet.rows.map(\.verdict))
        #expect(noted.markdown().contains("> Warning: The current run was limited"))
    }
}
