// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics

extension MarkdownReport {
    func details() -> String {
        var latency = MarkdownTable(header: [
            "architecture", "workload", "repeats", "ok", "failed", "corrupted", "lost", "MiB/s",
            "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "mean ms",
        ])
        latency.rightAligned = Set(2...13)
        var cost = MarkdownTable(header: [
            "architecture", "workload", "app CPU s", "app CPU ms/upload", "app CPU s/GiB", "app in head/body",
            "app out head/body", "app peak buffered", "app peak RSS", "peak conns open / in progress", "S3 bytes in",
            "harness CPU s",
        ])
        cost.rightAligned = Set(2...11)
        for group in analysis.workloads {
            for summary in group.cells {
                let total = summary.total
                func figure(_ name: String) -> String { NumberFormat.short(summary.metric(name)) }
                latency.rows.append([
                    summary.label, group.title, String(summary.cell.repeats.count), String(total.uploadsOK),
                    String(total.uploadsFailed), String(total.uploadsCorrupted), String(total.uploadsLost),
                    figure("throughput_mib_s"), figure("latency_p50_ms"), figure("latency_p90_ms"),
                    figure("latency_p99_ms"), figure("latency_p99_9_ms"), figure("latency_max_ms"),
                    figure("latency_mean_ms"),
                ])
                let traffic = total.appTraffic
                cost.rows.append([
                    summary.label, group.title, figure("app_cpu_seconds"), figure("app_cpu_ms_per_upload"),
                    figure("app_cpu_seconds_per_gib"),
                    "\(NumberFormat.bytes(Double(traffic.bytesIn.head))) / \(NumberFormat.bytes(Double(traffic.bytesIn.body)))",
                    "\(NumberFormat.bytes(Double(traffic.bytesOut.head))) / \(NumberFormat.bytes(Double(traffic.bytesOut.body)))",
                    NumberFormat.bytes(Double(total.appPeakBufferedBytes)), NumberFormat.bytes(Double(total.appPeakRSSBytes)),
                    "\(total.peakOpenConnections) / \(figure("peak_requests_in_progress"))",
                    total.s3BytesIn.map { NumberFormat.bytes(Double($0)) } ?? "–",
                    figure("harness_cpu_seconds"),
                ])
            }
        }
        return "## Results per cell\n\nLatency is end to end as the client sees it (repeats merged).\n\n"
            + latency.rendered()
            + "\nWhat each upload cost the app server, and what the harness itself used (mock S3, load generator and link emulator):\n\n"
            + cost.rendered()
    }

    func hopSection() -> String {
        var table = MarkdownTable(header: ["architecture", "workload"] + HopHistograms().named.map { "\($0.name) p50 / p99 ms" })
        table.rightAligned = Set(2..<(2 + HopHistograms().named.count))
        for group in analysis.workloads {
            for summary in group.cells {
                let hops = summary.total.hops.named.map { hop -> String in
                    guard !hop.histogram.isEmpty else { return "–" }
                    let p50 = hop.histogram.value(atPercent: 50).map { Double($0) / 1e6 }
                    let p99 = hop.histogram.value(atPercent: 99).map { Double($0) / 1e6 }
                    return "\(NumberFormat.short(p50)) / \(NumberFormat.short(p99))"
                }
                table.rows.append([summary.label, group.title] + hops)
            }
        }
        return "## Time per hop\n\n" + Self.hopLegend + "\n\n" + table.rendered()
    }

    /// What each hop column times; app_to_s3 has figures for presigned URLs too, which puzzled readers.
    static let hopLegend = "The hops: `presign_request` is the client asking the app server for URLs (presign, multipart "
        + "create, part URLs); `client_to_app` the proxied upload; `app_to_s3` each S3 request the app server made, timed "
        + "by it (for presigned URLs, the HEAD of a confirm and the multipart create, complete and abort); `client_to_s3` "
        + "the client's PUT, POST or parts sent to S3; `completion` the confirm or multipart complete request. "
        + "A dash marks a hop the architecture does not use."

    func errorsSection() -> String {
        var table = MarkdownTable(header: ["architecture", "workload", "error code", "count"])
        table.rightAligned = [3]
        for group in analysis.workloads {
            for summary in group.cells {
                for code in summary.total.errorsByCode.keys.sorted() {
                    table.rows.append([summary.label, group.title, code, String(summary.total.errorsByCode[code]!)])
                }
            }
        }
        guard !table.rows.isEmpty else { return "## Errors\n\nNo errors.\n" }
        return "## Errors\n\nEvery failed attempt, retried or not, by S3 error code or transport error.\n\n" + table.rendered()
    }

    func environment() -> String {
        let environment = run.environment
        let metadata = run.metadata
        var table = MarkdownTable(header: ["", ""])
        table.rows = [
            ["host", environment.hostName],
            ["CPU", "\(environment.cpuModel), \(environment.cpuCount) logical CPUs (\(environment.machine))"],
            ["memory", NumberFormat.bytes(Double(environment.memoryBytes))],
            ["kernel", environment.kernel],
            ["operating system", environment.operatingSystem],
            ["Swift", environment.swiftVersion],
            ["libcurl", environment.libcurlVersion ?? "unknown"],
            ["OpenSSL", environment.opensslVersion ?? "unknown"],
            ["git revision", metadata.gitRevision ?? "unknown"],
            ["scenario", "\(metadata.scenarioName) (\(Self.scenarioSource(metadata.scenarioFile)))"],
            ["seed", String(metadata.seed)],
            ["command line", "`" + metadata.commandLine.joined(separator: " ") + "`"],
            ["process mode", metadata.processMode],
            ["network model", metadata.networkModel],
            ["S3 target", metadata.s3Target],
            ["started / ended", "\(Self.date(metadata.startedAt)) / \(Self.date(metadata.endedAt))"],
        ]
        return "## Environment\n\n" + table.rendered()
    }

    func method() -> String {
        let bits = analysis.cells.first?.total.latency.significantBits ?? LatencyHistogram.defaultSignificantBits
        let bound = LatencyHistogram(significantBits: bits).relativeErrorBound * 100
        let rejected = analysis.cells.reduce(UInt64(0)) { $0 + $1.total.latency.rejected }
        return """
        ## How this was measured

        - **Latency**: from the moment a simulated user starts an upload (in open loop, the moment it was due) \
        until the upload is known to be stored; for presigned URLs it includes getting the URL. Recorded in integer \
        nanoseconds in log-linear histograms that merge exactly across repeats; every percentile shown is within \
        \(NumberFormat.short(bound))% of the exact sample at that rank, and p0 and p100 are exact. \
        \(rejected) samples were out of range and counted as rejected.
        - **CPU**: \(run.metadata.cpuMethod). Process mode: \(run.metadata.processMode). On loopback the sender's \
        system time includes part of the receiver's TCP work, so per-component figures lean towards the sender.
        - **Bytes**: counted by the app server on its sockets, HTTP head (request or status line, headers, chunk \
        framing) apart from body; `app bytes per uploaded byte` is everything in and out of the app server divided by \
        the object bytes stored.
        - **Memory**: peak bytes held in the app server's buffers (counted exactly) and the peak resident set size \
        of its process\(sharedProcessNote).
        - **Machine load**: \(MachineCPU.method), read at the start and end of each measured window; this run's \
        own CPU from the process CPU clocks of the runner and its children; per-thread harness CPU as above.
        - **Integrity**: each upload's MD5, computed by the client while sending, is checked against what S3 stored.

        """
    }

    /// In one process the RSS also holds the mock S3 and the load generator, which an architect must know
    /// before reading `app peak RSS` as the app server's own memory.
    private var sharedProcessNote: String {
        guard run.metadata.processMode.hasPrefix("in-process") else { return "" }
        return "; in-process, that process also runs the mock S3 and the load generator, so its RSS is shared by all "
            + "components and only the buffered bytes are the app server's own"
    }

    func notes() -> String {
        guard !run.notes.isEmpty else { return "" }
        return "## Notes\n\n" + run.notes.map { "- \($0)\n" }.joined()
    }

    func files() -> String {
        """
        ## Files in this directory

        - `summary.csv`: one row per architecture and workload, repeats merged.
        - `requests.csv`: one row per upload, with the time of each hop.
        - `timeseries.csv`: one row per second of each repeat.
        - `run.json`: everything above plus histograms, per-repeat values and the resolved scenario; \
        `upload-bench compare` reads it.
        - `charts/*.svg`: the charts above.

        """
    }

    /// "`scenarios/x.json`", or "`scenarios/quick.json`, built into the binary" for the
    /// embedded default (the suffix inside the backticks read as part of a path).
    static func scenarioSource(_ file: String) -> String {
        guard file.hasSuffix(RunMetadata.embeddedSuffix) else { return "`\(file)`" }
        return "`\(file.dropLast(RunMetadata.embeddedSuffix.count))`, built into the binary"
    }
}
