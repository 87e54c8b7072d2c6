// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics
import Reports
import Testing

@Suite("CSV files")
struct CSVTests {
    @Test("fields with commas, quotes and line breaks are quoted per RFC 4180; others are left alone")
    func quoting() {
        #expect(CSVTable.quoted("plain") == "plain")
        #expect(CSVTable.quoted(" spaced ") == " spaced ")
        #expect(CSVTable.quoted("a,b") == "\"a,b\"")
        #expect(CSVTable.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVTable.quoted("two\nlines") == "\"two\nlines\"")
        #expect(CSVTable.quoted("cr\rhere") == "\"cr\rhere\"")
        #expect(CSVTable.line(["a", "b,c", ""]) == "a,\"b,c\",\r\n")
    }

    @Test("a table with awkward fields parses back to the same fields")
    func roundTrip() throws {
        let table = CSVTable(header: ["name", "value"], rows: [
            ["comma, inside", "1"], ["\"quoted\"", "2"], ["multi\r\nline", ""], [" lead", "trail "],
        ])
        #expect(CSVTable.parse(table.rendered()) == table)
        #expect(CSVTable.parse("a,\"open\n") == nil)
    }

    @Test("summary.csv has the columns issue 5 asks for, one row per architecture and cell")
    func summary() throws {
        let run = Fixtures.run()
        let table = try #require(CSVTable.parse(try SummaryCSV.table(for: run).rendered()))
        let required = [
            "architecture", "variant", "object_size_bytes", "concurrency", "uploads_ok", "uploads_failed",
            "uploads_corrupted", "throughput_mib_s", "latency_p50_ms", "latency_p90_ms", "latency_p99_ms",
            "latency_max_ms", "app_cpu_seconds", "app_cpu_ms_per_upload", "app_cpu_seconds_per_gib", "app_bytes_in",
            "app_bytes_out", "app_bytes_per_uploaded_byte", "app_peak_buffered_bytes", "app_peak_rss_bytes",
            "s3_bytes_in", "harness_cpu_seconds",
        ]
        for column in required {
            #expect(table.header.contains(column), "missing \(column)")
        }
        #expect(table.rows.count == run.cells.count)
        #expect(table.rows.allSatisfy { $0.count == table.header.count })
        let column = { (name: String) in table.header.firstIndex(of: name)! }
        let bigProxy = try #require(table.rows.first { $0[0] == "proxy" && $0[2] == "16777216" })
        let ratio = try #require(Double(bigProxy[column("app_bytes_per_uploaded_byte")]))
        #expect(abs(ratio - 2) < 0.01)
        #expect(bigProxy[column("uploads_ok")] == "150")
        #expect(bigProxy[column("repeats")] == "3")
        #expect(bigProxy[column("error_codes")] == "Internal,Error \"x\"=3;SlowDown=3")
    }

    @Test("requests.csv holds one row per upload with per-hop times in milliseconds")
    func requests() throws {
        let run = Fixtures.run(repeats: 1)
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let records = [
            UploadRecord(cellIndex: 0, repeatIndex: 0, sequence: 0, objectKey: "bench/a,b", objectSizeBytes: 4_096,
                         outcome: .ok, startOffsetNanoseconds: 0, latencyNanoseconds: 1_500_000,
                         clientToAppNanoseconds: 1_000_000, appToS3Nanoseconds: 400_000),
            UploadRecord(cellIndex: 1, repeatIndex: 0, sequence: 1, objectKey: "bench/c", objectSizeBytes: 4_096,
                         outcome: .failed, errorCode: "SlowDown", attempts: 3, startOffsetNanoseconds: 5_000,
                         latencyNanoseconds: 2_000_001, presignRequestNanoseconds: 900_000),
        ]
        try ReportWriter.writeRequests(records, run: run, to: directory)
        let text = try String(contentsOf: directory.appendingPathComponent("requests.csv"), encoding: .utf8)
        let table = try #require(CSVTable.parse(text))
        #expect(table.header == RequestsCSV.columns)
        #expect(table.rows.count == 2)
        let column = { (name: String) in table.header.firstIndex(of: name)! }
        #expect(table.rows[0][column("object_key")] == "bench/a,b")
        #expect(table.rows[0][column("architecture")] == "proxy")
        #expect(table.rows[0][column("latency_ms")] == "1.5")
        #expect(table.rows[0][column("presign_request_ms")] == "")
        #expect(table.rows[1][column("latency_ms")] == "2.000001")
        #expect(table.rows[1][column("error_code")] == "SlowDown")
        #expect(table.rows[1][column("architecture")] == "presigned")
        // The first repeat is "repeat 1" on the console, so it is 1 here too.
        #expect(table.rows.map { $0[column("repeat")] } == ["1", "1"])
    }

    @Test("timeseries.csv has a row per second of each repeat")
    func timeSeries() throws {
        let run = Fixtures.run(repeats: 2)
        let table = try #require(CSVTable.parse(TimeSeriesCSV.table(for: run).rendered()))
        #expect(table.rows.count == run.cells.count * 2 * 2)
        #expect(table.header.contains("app_cpu_seconds"))
        #expect(table.rows[0][table.header.firstIndex(of: "app_cpu_seconds")!] == "0.001")
        // The fixture's points predate machine sampling: undefined, so empty.
        #expect(table.rows[0][table.header.firstIndex(of: "other_load_cores")!] == "")
        let repeats = table.rows.map { $0[table.header.firstIndex(of: "repeat")!] }
        #expect(Set(repeats) == ["1", "2"])
    }

    @Test("timeseries.csv gives each second's machine and other processes' CPU in cores")
    func timeSeriesMachineLoad() throws {
        var run = Fixtures.run(repeats: 1)
        run.cells[0].repeats[0].timeSeries.points[1].machineBusyNanoseconds = 1_950_000_000
        run.cells[0].repeats[0].timeSeries.points[1].otherCPUNanoseconds = 900_000_000
        let table = try #require(CSVTable.parse(TimeSeriesCSV.table(for: run).rendered()))
        let row = table.rows[1]
        #expect(row[table.header.firstIndex(of: "second")!] == "1")
        #expect(row[table.header.firstIndex(of: "machine_busy_cores")!] == "1.95")
        #expect(row[table.header.firstIndex(of: "other_load_cores")!] == "0.9")
    }
}
