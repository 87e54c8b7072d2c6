// SPDX-License-Identifier: Apache-2.0

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Metrics
import Reports
import Testing

@Suite("Report files")
struct ReportFilesTests {
    /// Writes the fixture's report into a fresh directory.
    static func written(_ run: RunResult = Fixtures.run()) throws -> (URL, [String]) {
        let directory = try Fixtures.temporaryDirectory()
        return (directory, try ReportWriter.write(run, to: directory))
    }

    /// Writes the fixture's report, hands over its directory, files and report.md, then removes it.
    static func withReport(_ body: (URL, [String], String) throws -> Void) throws {
        let (directory, files) = try written()
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory, files, try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8))
    }

    @Test("report.md puts the verdict first, then claims, charts, results, environment and method")
    func reportSections() throws {
        try Self.withReport { _, _, text in
            let headings = text.split(separator: "\n").filter { $0.hasPrefix("#") }.map(String.init)
            let expected = [
                "# Upload benchmark: quick", "## Verdict: proxy against presigned URLs", "## The usual claims, checked",
                "## Where the designs cross over", "## Charts", "## Results per cell", "## Time per hop", "## Errors", "## Environment",
                "## How this was measured", "## Notes", "## Files in this directory",
            ]
            #expect(headings == expected)
            #expect(text.contains(ComponentCPU.method))
            #expect(text.contains("Test CPU, 3.0 GHz, 2 logical CPUs"))
        }
    }

    @Test("the time-per-hop section says what each hop times, app_to_s3 for presigned URLs included")
    func hopLegend() throws {
        try Self.withReport { _, _, text in
            let section = try #require(text.components(separatedBy: "## Time per hop\n\n").last)
            let legend = try #require(section.split(separator: "\n").first.map(String.init))
            for hop in ["presign_request", "client_to_app", "app_to_s3", "client_to_s3", "completion"] {
                #expect(legend.contains(hop), "\(hop) not explained: \(legend)")
            }
            #expect(legend.contains("for presigned URLs, the HEAD of a confirm"))
        }
    }

    @Test("the verdict counts only comparisons with figures on both sides, and says how many had none")
    func verdictWithAFailedCell() throws {
        var run = Fixtures.run()
        // Presigned at 4 KiB stored nothing: no latency, CPU per upload or bytes per byte to compare.
        let index = try #require(run.cells.firstIndex { $0.architecture == "presigned" && $0.objectSizeBytes == 4_096 })
        run.cells[index].repeats = run.cells[index].repeats.map { _ in RepeatResult() }
        let (directory, _) = try Self.written(run)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        let verdict = try #require(text.split(separator: "\n").first { $0.hasPrefix("- Presigned URLs had lower median latency") })
        #expect(verdict.contains("in 1 of 2 comparisons that had figures on both sides"))
        #expect(verdict.hasSuffix(". 1 of 3 comparisons had no figure on one side."))
        // The fixture ran in one process: the RSS is not the app server's alone.
        #expect(text.contains("so its RSS is shared by all components"))
    }

    @Test("the verdict names the cells that did not store every upload, the worst first")
    func verdictNamesShortCells() throws {
        var run = Fixtures.run()
        let index = try #require(run.cells.firstIndex { $0.architecture == "presigned" && $0.objectSizeBytes == 4_096 })
        run.cells[index].repeats = run.cells[index].repeats.map { result in
            var result = result
            result.uploadsOK = 1
            result.uploadsFailed = 19
            return result
        }
        let (directory, _) = try Self.written(run)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        let bullet = try #require(text.split(separator: "\n").first { $0.hasPrefix("- **Not every upload was stored**") })
        // The presigned cell lost 57 of 60; each proxy cell failed 1 upload per repeat (150 of 153).
        #expect(bullet.contains("got through (see *Errors*): presigned/put in 4 KiB, 8 clients, loopback: 3 of 60; proxy/stream in"))
        #expect(bullet.contains("150 of 153"))
        #expect(bullet.hasSuffix("."))
    }

    @Test("the verdict warns when open-loop arrivals outran the system, naming each cell")
    func verdictNamesCellsBehindTheArrivalRate() throws {
        var run = Fixtures.run()
        let index = try #require(run.cells.firstIndex { $0.architecture == "proxy" && $0.objectSizeBytes == 16_777_216 })
        run.cells[index].repeats = run.cells[index].repeats.map { result in
            var result = result
            result.arrivalsNotStarted = 127
            return result
        }
        let (directory, _) = try Self.written(run)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        let bullet = try #require(text.split(separator: "\n").first { $0.hasPrefix("- **The arrival rate outran the system**") })
        // Three repeats of 127 each.
        #expect(bullet.hasSuffix(": proxy/stream in 16 MiB, 8 clients, loopback: 381."))
        let summary = try String(contentsOf: directory.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(summary.split(separator: "\n").first?.contains("arrivals_not_started") == true)
    }

    @Test("a run that stored every upload has no failure bullet")
    func noFailureBulletWhenAllStored() throws {
        var run = Fixtures.run()
        for cell in run.cells.indices {
            run.cells[cell].repeats = run.cells[cell].repeats.map { result in
                var result = result
                result.uploadsFailed = 0
                return result
            }
        }
        let (directory, _) = try Self.written(run)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(!text.contains("Not every upload was stored"))
    }

    @Test("the verdict's median of an even number of ratios lies between the middle two, not on one of them")
    func verdictMedianOfAnEvenCount() throws {
        var run = Fixtures.run()
        // Two comparisons are left: the median used to be the larger ratio of the two.
        let index = try #require(run.cells.firstIndex { $0.architecture == "presigned" && $0.objectSizeBytes == 4_096 })
        run.cells[index].repeats = run.cells[index].repeats.map { _ in RepeatResult() }
        let (directory, _) = try Self.written(run)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let verdictRows = lines.drop { !$0.hasPrefix("| workload | proxy | presigned |") }.dropFirst(2).prefix { $0.hasPrefix("|") }
        // Columns: workload, proxy, presigned, p50 ms, ratio, ...
        let ratios = verdictRows.compactMap { row in
            Double(row.split(separator: "|")[4].trimmingCharacters(in: .whitespaces).dropLast())
        }
        try #require(ratios.count == 2)
        let sentence = try #require(lines.first { $0.hasPrefix("- Presigned URLs had lower median latency") })
        let start = try #require(sentence.firstRange(of: "presigned, median ")).upperBound
        let median = try #require(Double(sentence[start...].prefix { $0 != "x" }))
        #expect(median > ratios.min()! && median < ratios.max()!, "median \(median) of \(ratios)")
        let geometricMean = (ratios[0] * ratios[1]).squareRoot()
        #expect(abs(median / geometricMean - 1) < 0.01, "median \(median), geometric mean \(geometricMean)")
    }

    @Test("a claim with cells of both designs but no stored upload on one side says so, not that the cells are missing")
    func claimsWithoutStoredUploads() throws {
        var run = Fixtures.run()
        for index in run.cells.indices where run.cells[index].architecture == "presigned" {
            run.cells[index].repeats = run.cells[index].repeats.map { _ in RepeatResult() }
        }
        let (directory, _) = try Self.written(run)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let latency = try #require(rows.first { $0.hasPrefix("| Lower latency |") })
        #expect(latency.contains("| Not measured |"))
        #expect(latency.contains("None of the 3 proxy and presigned comparisons had median latency on both sides"), "\(latency)")
        #expect(!latency.contains("no workload with both"))
    }

    @Test("the claims table says where a claim does not hold: tiny files are slower presigned")
    func claims() throws {
        try Self.withReport { _, _, text in
            let rows = text.split(separator: "\n").map(String.init)
            let latency = try #require(rows.first { $0.hasPrefix("| Lower latency |") })
            #expect(latency.contains("| Partly |"))
            #expect(latency.contains("Does not hold for 4 KiB"))
            #expect(latency.contains("extra round trip"))
            let bytes = try #require(rows.first { $0.hasPrefix("| Fewer bytes through the app server |") })
            #expect(bytes.contains("| Yes |"))
            let access = try #require(rows.first { $0.hasPrefix("| Temporary, scoped access |") })
            #expect(access.contains("| Not measured |"))
            #expect(text.contains("0 corrupted, 0 lost"))
        }
    }

    @Test("every chart the report links exists and is well-formed SVG with axes titles and a legend")
    func chartsWellFormed() throws {
        try Self.withReport { directory, files, report in
            let charts = files.filter { $0.hasSuffix(".svg") }
            #expect(charts.count >= 4)
            for chart in charts {
                #expect(report.contains("](\(chart))"))
                let data = try Data(contentsOf: directory.appendingPathComponent(chart))
                let delegate = ElementCollector()
                let parser = XMLParser(data: data)
                parser.delegate = delegate
                #expect(parser.parse(), "\(chart): \(parser.parserError.map { "\($0)" } ?? "")")
                #expect(delegate.elements.first == "svg")
                #expect(delegate.attributes.first?["xmlns"] == "http://www.w3.org/2000/svg")
                #expect(delegate.elements.contains("text"))
                #expect(delegate.text.contains("proxy"))
            }
        }
    }

    @Test("the bytes-per-hop chart tells two proxy modes apart under their bars")
    func bytesChartNamesVariants() throws {
        var run = Fixtures.run(repeats: 1)
        run.cells += run.cells.filter { $0.architecture == "proxy" }.map { cell in
            var buffered = cell
            buffered.variant = "buffer"
            return buffered
        }
        let (directory, files) = try Self.written(run)
        defer { try? FileManager.default.removeItem(at: directory) }
        let chart = try #require(files.first { $0.hasSuffix("app-bytes-per-hop.svg") })
        let delegate = ElementCollector()
        let parser = XMLParser(data: try Data(contentsOf: directory.appendingPathComponent(chart)))
        parser.delegate = delegate
        #expect(parser.parse())
        // Each bar's label is architecture over variant; both proxy bars used to read just "proxy".
        for word in ["stream", "buffer", "put"] {
            #expect(delegate.text.contains(word), "\(word) missing from the bar labels")
        }
    }

    @Test("SVG text escapes markup characters from names")
    func svgEscaping() throws {
        var run = Fixtures.run(repeats: 1)
        run.cells[0].linkProfile = "<wan & \"lossy\">"
        run.cells[1].linkProfile = "<wan & \"lossy\">"
        let (directory, files) = try Self.written(run)
        defer { try? FileManager.default.removeItem(at: directory) }
        for chart in files where chart.hasSuffix(".svg") {
            let parser = XMLParser(data: try Data(contentsOf: directory.appendingPathComponent(chart)))
            #expect(parser.parse(), "\(chart)")
        }
    }

    @Test("run.json round-trips through the writer and the loader, by directory or file")
    func runJSON() throws {
        let run = Fixtures.run()
        let (directory, _) = try Self.written(run)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try RunFile.load(directory.path) == run)
        #expect(try RunFile.load(directory.appendingPathComponent("run.json").path) == run)
    }

    @Test("a missing, corrupt or future run.json is refused with a sentence naming the file")
    func badRunFiles() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect { try RunFile.load(directory.path) } throws: { ($0 as? ReportError)?.label == "missing-run" }
        let file = directory.appendingPathComponent("run.json")
        try Data("{not json".utf8).write(to: file)
        #expect { try RunFile.load(file.path) } throws: { ($0 as? ReportError)?.label == "corrupt-run" }
        try Data(#"{"formatVersion": 99}"#.utf8).write(to: file)
        #expect { try RunFile.load(file.path) } throws: { ($0 as? ReportError)?.label == "unsupported-version" }
        try Data(#"{"formatVersion": 1, "cells": []}"#.utf8).write(to: file)
        #expect {
            try RunFile.load(file.path)
        } throws: { error in
            "\(error)".contains("missing field") && "\(error)".contains(file.path)
        }
    }
}

/// Collects element names, attributes and text of an XML document.
final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var attributes: [[String: String]] = []
    var text = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes attributeDict: [String: String]) {
        elements.append(elementName)
        attributes.append(attributeDict)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }
}
