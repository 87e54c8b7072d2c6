// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Suite 4: concurrent 1 GiB uploads through the stream proxy; the app server's
/// peak resident memory (VmHWM) against its resident memory before them.
extension Bench {
    struct MemoryFigures {
        var growthBytes: Int
    }

    func runBigUploads() throws -> MemoryFigures {
        let s3 = try startMockS3("big-s3")
        defer { s3.stop() }
        let app = try startApp(s3Port: s3.port, "big-app")
        defer { app.stop() }
        let port = app.port
        let size = settings.bigUploadSize
        let count = settings.bigUploads

        // One small upload first, so lazily made state (pools, caches) is in the baseline.
        let warmHeads = (0..<2).map { proxyHead(port: port, key: "big/warm-\($0)", size: 1 << 20) }
        _ = PutClient.run(PutLoad(
            port: port, connections: 2, threads: 1, bodySize: 1 << 20, stop: .count(perConnection: 2, timeout: 30)
        ) { warmHeads[$0] })
        let rssBefore = ProcessProbe.statusBytes(app.pid, "VmRSS") ?? 0
        let peakBefore = ProcessProbe.statusBytes(app.pid, "VmHWM") ?? 0
        let cpuBefore = app.cpuSeconds
        let heads = (0..<count).map { proxyHead(port: port, key: "big/object-\($0)", size: size) }
        let result = PutClient.run(PutLoad(
            port: port, connections: count, threads: settings.threads, bodySize: size,
            stop: .count(perConnection: 1, timeout: 300)
        ) { heads[$0] })
        let peakAfter = ProcessProbe.statusBytes(app.pid, "VmHWM") ?? 0
        let cpu = app.cpuSeconds - cpuBefore
        let growth = peakAfter - rssBefore
        let gib = Double(result.bodyBytesSent) / Format.gib

        var table = Table("memory", header: [
            "uploads", "object_bytes", "completed", "errors", "seconds", "gib_per_s", "app_cpu_s_per_gib",
            "rss_before_bytes", "peak_before_bytes", "peak_after_bytes", "peak_growth_bytes",
        ])
        table.add([
            String(count), String(size), String(result.requests), String(result.errors), Format.fixed(result.seconds, 1),
            Format.fixed(gib / result.seconds, 3), Format.fixed(cpu / gib, 3),
            String(rssBefore), String(peakBefore), String(peakAfter), String(growth),
        ])
        tables.append(table)
        print("memory: \(count) x \(size >> 20) MiB through the stream proxy, \(result.requests) completed, "
              + "peak growth \(growth >> 20) MiB, \(Format.fixed(gib / result.seconds, 3)) GiB/s")
        if result.requests < count {
            note("Only \(result.requests) of \(count) big uploads completed; first error: \(result.firstError ?? "timeout")")
        }
        return MemoryFigures(growthBytes: growth)
    }
}
