// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Suite 2: the app server's stream proxy and nginx (`proxy_request_buffering off`)
/// relaying 8 MiB PUTs to the same mock S3, in interleaved rounds.
extension Bench {
    struct RelayFigures {
        var gibPerSecond: Double
        var cpuPerGiB: Double
        var addedP50: Double
        var addedP99: Double
        /// Each round's throughput and relay CPU per GiB, for paired ratios.
        var roundGiBPerSecond: [Double] = []
        var roundCPUPerGiB: [Double] = []
    }

    /// A relay under test: where it listens, how to read its CPU seconds and
    /// the head it wants for each connection's PUT.
    private struct Relay {
        let name: String
        let port: Int
        let cpu: @Sendable () -> Double
        let head: (Int) -> [UInt8]
    }

    private struct RelayRound {
        var gibPerSecond: Double
        var cpuPerGiB: Double
    }

    func runRelays() throws -> [String: RelayFigures] {
        var table = Table("relay", header: [
            "relay", "body_bytes", "connections", "round", "seconds", "requests", "gib_per_s", "relay_cpu_s",
            "relay_cpu_s_per_gib", "s3_cpu_s_per_gib", "latency_p50_ms", "latency_p99_ms", "errors",
        ])
        var latencyTable = Table("relay_latency", header: [
            "relay", "body_bytes", "single_p50_ms", "single_p99_ms", "direct_p50_ms", "direct_p99_ms",
            "added_p50_ms", "added_p99_ms", "errors",
        ])
        let size = 8 << 20
        let connections = 16
        let s3 = try startMockS3("relay-s3")
        defer { s3.stop() }
        let s3PID = s3.pid
        let s3Port = s3.port

        let app = try startApp(s3Port: s3Port, "relay-app")
        defer { app.stop() }
        let appPID = app.pid
        let appPort = app.port
        var relays = [
            Relay(name: "app-stream", port: appPort, cpu: { ProcessProbe.cpuSeconds(appPID) ?? 0 }) { [unowned self] in
                proxyHead(port: appPort, key: "relay/app-\($0)", size: size)
            },
        ]
        let nginx = try startNginx(.relay(upstreamPort: s3Port), "nginx-relay")
        defer { nginx?.stop() }
        if let nginx {
            let pids = nginx.processIDs
            let port = nginx.port
            relays.append(Relay(name: "nginx", port: port, cpu: { ProcessProbe.cpuSeconds(pids) }) { [unowned self] in
                signedHead(port: port, key: "relay/nginx-\($0)", size: size)
            })
        }

        let measured = Interleaved.run(rounds: settings.rounds, relays) { relay, round in
            relayRound(&table, relay, size: size, connections: connections, round: round, s3PID: s3PID)
        }

        // Latency of one connection straight to S3: the baseline the relays add to.
        let directHeads = [signedHead(port: s3Port, key: "relay/direct", size: size)]
        let direct = PutClient.run(singleLoad(port: s3Port, size: size) { directHeads[$0] })
        var figures: [String: RelayFigures] = [:]
        for (relay, rounds) in measured {
            let heads = [relay.head(0)]
            let single = PutClient.run(singleLoad(port: relay.port, size: size) { heads[$0] })
            let relayFigures = RelayFigures(
                gibPerSecond: Interleaved.median(rounds.map(\.gibPerSecond)),
                cpuPerGiB: Interleaved.median(rounds.map(\.cpuPerGiB)),
                addedP50: single.latencyMilliseconds(0.5) - direct.latencyMilliseconds(0.5),
                addedP99: single.latencyMilliseconds(0.99) - direct.latencyMilliseconds(0.99),
                roundGiBPerSecond: rounds.map(\.gibPerSecond),
                roundCPUPerGiB: rounds.map(\.cpuPerGiB)
            )
            figures[relay.name == "app-stream" ? "app" : relay.name] = relayFigures
            latencyTable.add([
                relay.name, String(size), Format.fixed(single.latencyMilliseconds(0.5), 2),
                Format.fixed(single.latencyMilliseconds(0.99), 2), Format.fixed(direct.latencyMilliseconds(0.5), 2),
                Format.fixed(direct.latencyMilliseconds(0.99), 2), Format.fixed(relayFigures.addedP50, 2),
                Format.fixed(relayFigures.addedP99, 2), String(single.errors + direct.errors),
            ])
            print("relay \(relay.name), median of \(rounds.count): \(Format.fixed(relayFigures.gibPerSecond, 3)) GiB/s, "
                  + "\(Format.fixed(relayFigures.cpuPerGiB, 3)) CPU-s/GiB, added p50 "
                  + "\(Format.fixed(relayFigures.addedP50, 2)) ms (1 connection)")
            if relayFigures.addedP50 < 0 || relayFigures.addedP99 < 0 {
                note("Through \(relay.name), one connection's p50 or p99 came out below going straight to S3 "
                     + "(added p50 \(Format.fixed(relayFigures.addedP50, 2)) ms, p99 \(Format.fixed(relayFigures.addedP99, 2)) ms): "
                     + "the difference of two separately measured tails is within the noise there, so no ratio is given.")
            }
            if single.errors > 0 {
                note("The \(relay.name) relay had \(single.errors) errors on one connection; first: \(single.firstError ?? "")")
            }
        }
        tables += [table, latencyTable]
        return figures
    }

    private func singleLoad(port: Int, size: Int, head: @escaping @Sendable (Int) -> [UInt8]) -> PutLoad {
        PutLoad(
            port: port, connections: 1, threads: 1, bodySize: size,
            stop: .timed(warmup: settings.warmup, measure: settings.measure / 2), head: head
        )
    }

    /// One round of the bulk load through `relay`, as a table row.
    private func relayRound(
        _ table: inout Table, _ relay: Relay, size: Int, connections: Int, round: Int, s3PID: pid_t
    ) -> RelayRound {
        let heads = (0..<connections).map(relay.head)
        let cpu = relay.cpu
        let measured = measure(timedLoad(port: relay.port, connections: connections, size: size) { heads[$0] }) {
            [cpu(), ProcessProbe.cpuSeconds(s3PID) ?? 0]
        }
        let result = measured.result
        let (relaySeconds, s3Seconds) = (measured.growth[0], measured.growth[1])
        let gib = Double(result.bodyBytesSent) / Format.gib
        let figures = RelayRound(gibPerSecond: gib / result.seconds, cpuPerGiB: gib > 0 ? relaySeconds / gib : .nan)
        table.add([
            relay.name, String(size), String(connections), String(round), Format.fixed(result.seconds, 2),
            String(result.requests), Format.fixed(figures.gibPerSecond, 3), Format.fixed(relaySeconds, 2),
            Format.fixed(figures.cpuPerGiB, 3), Format.fixed(gib > 0 ? s3Seconds / gib : .nan, 3),
            Format.fixed(result.latencyMilliseconds(0.5), 1), Format.fixed(result.latencyMilliseconds(0.99), 1),
            String(result.errors),
        ])
        print("relay \(relay.name) round \(round): \(Format.fixed(figures.gibPerSecond, 3)) GiB/s, "
              + "\(Format.fixed(figures.cpuPerGiB, 3)) CPU-s/GiB, errors \(result.errors)"
              + (result.firstError.map { " (first: \($0))" } ?? ""))
        if result.errors > 0 {
            note("The \(relay.name) relay had \(result.errors) errors in round \(round); first: \(result.firstError ?? "")")
        }
        return figures
    }
}
