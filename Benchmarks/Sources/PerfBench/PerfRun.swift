// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The command line.
struct PerfOptions {
    static let suites = ["sink", "relay", "client", "memory", "held"]

    var quick = false
    var suites = Self.suites
    var output = "results/perf"
    var readme: String? = "README.md"

    init?(_ arguments: ArraySlice<String>) {
        var rest = arguments
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick": quick = true
            case "--only":
                guard let list = rest.popFirst() else { return nil }
                suites = list.split(separator: ",").map(String.init)
                guard suites.allSatisfy(Self.suites.contains) else { return nil }
            case "--out":
                guard let path = rest.popFirst() else { return nil }
                output = path
            case "--readme":
                guard let path = rest.popFirst() else { return nil }
                readme = path == "none" ? nil : path
            default: return nil
            }
        }
    }
}

/// Runs the chosen suites, then writes the tables, the summary and the README section.
struct PerfRun {
    let options: PerfOptions

    init(_ options: PerfOptions) { self.options = options }

    func run() -> Int32 {
        var settings = Bench.Settings()
        if options.quick {
            settings.warmup = 0.5
            settings.measure = 2
            settings.bigUploadSize = 64 << 20
            settings.bigUploads = 4
            settings.heldLevels = [1, 100, 1000]
            settings.holdSeconds = 1
        }
        _ = Bench.fileLimit
        let bench: Bench
        do {
            bench = try Bench(tools: Toolchain.find(), settings: settings)
        } catch {
            print("perf-bench: \(error)")
            return 1
        }
        print("perf-bench: upload-bench \(bench.tools.uploadBench), nginx \(bench.tools.nginx ?? "missing"), "
              + "wrk \(bench.tools.wrk ?? "missing"), \(settings.threads) threads per server, open files \(Bench.fileLimit)")
        let started = Clock.now
        let wanted = Set(options.suites)

        if wanted.contains("sink") { step("sink", bench) { try summarizeSinks(bench, bench.runSinks()) } }
        if wanted.contains("relay") { step("relay", bench) { try summarizeRelays(bench, bench.runRelays()) } }
        if wanted.contains("client") { step("client", bench) { try summarizeClients(bench, bench.runClients()) } }
        if wanted.contains("memory") {
            step("memory", bench) {
                let figures = try bench.runBigUploads()
                bench.summarize(
                    "stream proxy peak RSS growth, \(settings.bigUploads) x \(settings.bigUploadSize >> 20) MiB (MiB)",
                    Double(figures.growthBytes) / Double(1 << 20), goal: .below(64)
                )
            }
        }
        if wanted.contains("held") {
            step("held", bench) {
                for held in try bench.runHeld() {
                    let count = held.connections == held.level ? "\(held.level)" : "\(held.level) (\(held.connections) held)"
                    bench.summarize(
                        "app memory per held slow upload, \(count) (KiB)",
                        held.bytesPerConnection / 1024, goal: held.level == 10_000 ? .below(32) : nil
                    )
                }
            }
        }
        if options.quick { bench.note("--quick run: short loads and smaller uploads; figures are not comparable.") }
        return write(bench, seconds: Clock.now - started)
    }

    private func step(_ name: String, _ bench: Bench, _ body: () throws -> Void) {
        print("== \(name)")
        do {
            try body()
        } catch {
            bench.note("The \(name) suite stopped: \(error)")
        }
    }

    private func summarizeSinks(_ bench: Bench, _ figures: [String: Bench.SinkFigures]) {
        let big = Bench.sinkLoads[0].size
        let small = Bench.sinkLoads[1].size
        let mockBig = figures["mock-s3/\(big)"], nginxBig = figures["nginx/\(big)"]
        let mockSmall = figures["mock-s3/\(small)"], nginxSmall = figures["nginx/\(small)"]
        func paired(_ harness: Bench.SinkFigures?, _ anchor: Bench.SinkFigures?, _ figure: KeyPath<Bench.SinkFigures, Double>) -> Double? {
            Interleaved.pairedRatio(harness?.rounds, anchor?.rounds, figure)
        }
        bench.summarize("sink 8 MiB x 16: throughput (GiB/s)", mockBig?.gibPerSecond, nginxBig?.gibPerSecond,
                        goal: .atLeast(1), pairedRatio: paired(mockBig, nginxBig, \.gibPerSecond))
        bench.summarize("sink 8 MiB x 16: server CPU (s/GiB)", mockBig?.cpuPerGiB, nginxBig?.cpuPerGiB,
                        goal: .atMost(1), pairedRatio: paired(mockBig, nginxBig, \.cpuPerGiB))
        bench.summarize("sink 8 MiB x 16: server CPU (us/request)", mockBig?.cpuMicrosPerRequest,
                        nginxBig?.cpuMicrosPerRequest, pairedRatio: paired(mockBig, nginxBig, \.cpuMicrosPerRequest))
        bench.summarize("sink 1 KiB x 64: throughput (requests/s)", mockSmall?.requestsPerSecond,
                        nginxSmall?.requestsPerSecond, goal: .atLeast(1),
                        pairedRatio: paired(mockSmall, nginxSmall, \.requestsPerSecond))
        bench.summarize("sink 1 KiB x 64: server CPU (us/request)", mockSmall?.cpuMicrosPerRequest,
                        nginxSmall?.cpuMicrosPerRequest, goal: .atMost(1),
                        pairedRatio: paired(mockSmall, nginxSmall, \.cpuMicrosPerRequest))
    }

    private func summarizeRelays(_ bench: Bench, _ figures: [String: Bench.RelayFigures]) {
        let app = figures["app"], nginx = figures["nginx"]
        bench.summarize("relay 8 MiB x 16: relay CPU (s/GiB)", app?.cpuPerGiB, nginx?.cpuPerGiB, goal: .atMost(1.25),
                        pairedRatio: Interleaved.pairedRatio(app?.roundCPUPerGiB, nginx?.roundCPUPerGiB, \.self))
        bench.summarize("relay 8 MiB x 16: throughput (GiB/s)", app?.gibPerSecond, nginx?.gibPerSecond,
                        pairedRatio: Interleaved.pairedRatio(app?.roundGiBPerSecond, nginx?.roundGiBPerSecond, \.self))
        bench.summarize("relay 8 MiB, 1 connection: added latency p50 (ms)", app?.addedP50, nginx?.addedP50)
        bench.summarize("relay 8 MiB, 1 connection: added latency p99 (ms)", app?.addedP99, nginx?.addedP99)
    }

    private func summarizeClients(_ bench: Bench, _ figures: [String: Bench.ClientFigures]) {
        let loadgen = figures["loadgen"], wrk = figures["wrk"]
        func paired(_ figure: KeyPath<Bench.ClientFigures, Double>) -> Double? {
            Interleaved.pairedRatio(loadgen?.rounds, wrk?.rounds, figure)
        }
        bench.summarize("client 1 KiB x 64: requests/s (load generator vs wrk)", loadgen?.requestsPerSecond,
                        wrk?.requestsPerSecond, goal: .atLeast(0.5), pairedRatio: paired(\.requestsPerSecond))
        bench.summarize("client 1 KiB x 64: client CPU (us/request)", loadgen?.cpuMicrosPerRequest,
                        wrk?.cpuMicrosPerRequest, pairedRatio: paired(\.cpuMicrosPerRequest))
    }

    private func write(_ bench: Bench, seconds: Double) -> Int32 {
        let environment = RunEnvironment.capture()
        var summary = Table("summary", header: SummaryRow.header)
        bench.summary.forEach { summary.add($0.fields) }
        do {
            for table in bench.tables + [summary] { try table.write(to: options.output, environment: environment) }
            let markdown = Report.markdown(bench, environment: environment)
            try markdown.write(toFile: options.output + "/perf.md", atomically: true, encoding: .utf8)
            if let readme = options.readme, !(try Report.replaceSection(in: readme, with: markdown)) {
                print("perf-bench: \(readme) has no \(Report.begin) ... \(Report.end) section; it was left alone.")
            }
            print("\n" + markdown)
        } catch {
            print("perf-bench: cannot write the results: \(error)")
            return 1
        }
        print("perf-bench: done in \(Format.fixed(seconds, 0)) s; results in \(options.output)/")
        try? FileManager.default.removeItem(atPath: bench.work)
        return 0
    }
}
