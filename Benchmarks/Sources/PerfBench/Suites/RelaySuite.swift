// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Suite 2: the app server's stream proxy and nginx (`proxy_request_buffering off`)
/// relaying 8 MiB PUTs to the same mock S3.
extension Bench {
    struct RelayFigures {
        var gibPerSecond: Double
        var cpuPerGiB: Double
        var addedP50: Double
        var addedP99: Double
    }

    func runRelays() throws -> [String: RelayFigures] {
        var table = Table("relay", header: [
            "relay", "body_bytes", "connections", "seconds", "requests", "gib_per_s", "relay_cpu_s", "relay_cpu_s_per_gib",
            "s3_cpu_s_per_gib", "latency_p50_ms", "latency_p99_ms", "single_p50_ms", "single_p99_ms",
            "added_p50_ms", "added_p99_ms", "errors",
        ])
        let size = 8 << 20
        let connections = 16
        let s3 = try startMockS3("relay-s3")
        defer { s3.stop() }
        let s3PID = s3.pid
        let s3Port = s3.port

        // Latency of one connection straight to S3: the baseline the relays add to.
        let directHeads = [signedHead(port: s3Port, key: "relay/direct", size: size)]
        let direct = PutClient.run(singleLoad(port: s3Port, size: size) { directHeads[$0] })

        var figures: [String: RelayFigures] = [:]
        let app = try startApp(s3Port: s3Port, "relay-app")
        let appPID = app.pid
        let appPort = app.port
        figures["app"] = relayRow(
            &table, "app-stream", size: size, connections: connections, direct: direct,
            port: appPort, relayCPU: { ProcessProbe.cpuSeconds(appPID) ?? 0 }, s3PID: s3PID,
            head: { [unowned self] in proxyHead(port: appPort, key: "relay/app-\($0)", size: size) }
        )
        app.stop()

        if let nginx = try startNginx(.relay(upstreamPort: s3Port), "nginx-relay") {
            let pids = nginx.processIDs
            let port = nginx.port
            figures["nginx"] = relayRow(
                &table, "nginx", size: size, connections: connections, direct: direct,
                port: port, relayCPU: { ProcessProbe.cpuSeconds(pids) }, s3PID: s3PID,
                head: { [unowned self] in signedHead(port: port, key: "relay/nginx-\($0)", size: size) }
            )
            nginx.stop()
        }
        tables.append(table)
        return figures
    }

    private func singleLoad(port: Int, size: Int, head: @escaping @Sendable (Int) -> [UInt8]) -> PutLoad {
        PutLoad(
            port: port, connections: 1, threads: 1, bodySize: size,
            stop: .timed(warmup: settings.warmup, measure: settings.measure / 2), head: head
        )
    }

    private func relayRow(
        _ table: inout Table, _ relay: String, size: Int, connections: Int, direct: PutResult, port: Int,
        relayCPU: @escaping @Sendable () -> Double, s3PID: pid_t, head: (Int) -> [UInt8]
    ) -> RelayFigures {
        let heads = (0..<connections).map(head)
        let measured = measure(timedLoad(port: port, connections: connections, size: size) { heads[$0] }) {
            [relayCPU(), ProcessProbe.cpuSeconds(s3PID) ?? 0]
        }
        let single = PutClient.run(singleLoad(port: port, size: size) { [heads] in heads[$0] })
        let result = measured.result
        let (cpu, s3Seconds) = (measured.growth[0], measured.growth[1])
        let gib = Double(result.bodyBytesSent) / Format.gib
        let figures = RelayFigures(
            gibPerSecond: gib / result.seconds,
            cpuPerGiB: gib > 0 ? cpu / gib : .nan,
            addedP50: single.latencyMilliseconds(0.5) - direct.latencyMilliseconds(0.5),
            addedP99: single.latencyMilliseconds(0.99) - direct.latencyMilliseconds(0.99)
        )
        table.add([
            relay, String(size), String(connections), Format.fixed(result.seconds, 2), String(result.requests),
            Format.fixed(figures.gibPerSecond, 3), Format.fixed(cpu, 2),
            Format.fixed(figures.cpuPerGiB, 3), Format.fixed(gib > 0 ? s3Seconds / gib : .nan, 3),
            Format.fixed(result.latencyMilliseconds(0.5), 1), Format.fixed(result.latencyMilliseconds(0.99), 1),
            Format.fixed(single.latencyMilliseconds(0.5), 2), Format.fixed(single.latencyMilliseconds(0.99), 2),
            Format.fixed(figures.addedP50, 2), Format.fixed(figures.addedP99, 2), String(result.errors + single.errors),
        ])
        print("relay \(relay): \(Format.fixed(figures.gibPerSecond, 3)) GiB/s, \(Format.fixed(figures.cpuPerGiB, 3)) CPU-s/GiB, "
              + "added p50 \(Format.fixed(figures.addedP50, 2)) ms (1 connection), errors \(result.errors + single.errors)"
              + ((result.firstError ?? single.firstError).map { " (first: \($0))" } ?? ""))
        if result.errors + single.errors > 0 {
            note("The \(relay) relay had \(result.errors + single.errors) errors; first: \((result.firstError ?? single.firstError) ?? "")")
        }
        return figures
    }
}
