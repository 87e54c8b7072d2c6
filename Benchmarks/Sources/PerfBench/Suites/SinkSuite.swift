// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Suite 1: the mock S3 (discard, signatures verified, no MD5) and nginx's
/// `return 200` sink under the same loads from the same client, in
/// interleaved rounds.
extension Bench {
    struct SinkFigures {
        var gibPerSecond: Double
        var cpuPerGiB: Double
        var cpuMicrosPerRequest: Double
        var requestsPerSecond: Double
        var p50: Double
        /// The rounds a median was taken over, for paired ratios.
        var rounds: [SinkFigures] = []

        /// Each figure's median over the rounds.
        static func median(_ rounds: [SinkFigures]) -> SinkFigures {
            SinkFigures(
                gibPerSecond: Interleaved.median(rounds.map(\.gibPerSecond)),
                cpuPerGiB: Interleaved.median(rounds.map(\.cpuPerGiB)),
                cpuMicrosPerRequest: Interleaved.median(rounds.map(\.cpuMicrosPerRequest)),
                requestsPerSecond: Interleaved.median(rounds.map(\.requestsPerSecond)),
                p50: Interleaved.median(rounds.map(\.p50)),
                rounds: rounds
            )
        }
    }

    static let sinkLoads = [(size: 8 << 20, connections: 16), (size: 1024, connections: 64)]

    /// A server under test: where it listens and how to read its CPU seconds.
    private struct Sink {
        let name: String
        let port: Int
        let meter: @Sendable () -> [Double]
    }

    func runSinks() throws -> [String: SinkFigures] {
        var table = Table("sink", header: [
            "server", "body_bytes", "connections", "round", "seconds", "requests", "requests_per_s", "gib_per_s",
            "server_cpu_s", "cpu_s_per_gib", "cpu_us_per_request", "latency_p50_ms", "latency_p99_ms", "errors",
        ])
        let s3 = try startMockS3("sink-s3")
        defer { s3.stop() }
        let s3PID = s3.pid
        var sinks = [Sink(name: "mock-s3", port: s3.port) { [ProcessProbe.cpuSeconds(s3PID) ?? 0] }]
        let nginx = try startNginx(.sink, "nginx-sink")
        defer { nginx?.stop() }
        if let nginx {
            let pids = nginx.processIDs
            sinks.append(Sink(name: "nginx", port: nginx.port) { [ProcessProbe.cpuSeconds(pids)] })
        } else {
            note("nginx was not found, so the sink and relay anchors were not measured (install it: apt-get install nginx).")
        }

        var figures: [String: SinkFigures] = [:]
        for load in Self.sinkLoads {
            let measured = Interleaved.run(rounds: settings.rounds, sinks) { sink, round in
                sinkRound(&table, sink, load, round: round)
            }
            for (sink, rounds) in measured {
                let median = SinkFigures.median(rounds)
                figures["\(sink.name)/\(load.size)"] = median
                print("sink \(sink.name) \(load.size) B x \(load.connections), median of \(rounds.count): "
                      + "\(Format.fixed(median.requestsPerSecond, 0)) req/s, \(Format.fixed(median.cpuPerGiB, 3)) CPU-s/GiB")
            }
        }
        tables.append(table)
        return figures
    }

    /// One round of `load` against `sink`, as a table row.
    private func sinkRound(
        _ table: inout Table, _ sink: Sink, _ load: (size: Int, connections: Int), round: Int
    ) -> SinkFigures {
        let heads = (0..<load.connections).map {
            signedHead(port: sink.port, key: "sink/\(load.size)-\($0)", size: load.size)
        }
        let measured = measure(timedLoad(port: sink.port, connections: load.connections, size: load.size) { heads[$0] },
                               meters: sink.meter)
        let result = measured.result
        let cpu = measured.growth[0]
        let gib = Double(result.bodyBytesSent) / Format.gib
        let figures = SinkFigures(
            gibPerSecond: gib / result.seconds,
            cpuPerGiB: gib > 0 ? cpu / gib : .nan,
            cpuMicrosPerRequest: result.requests > 0 ? cpu / Double(result.requests) * 1e6 : .nan,
            requestsPerSecond: result.requestsPerSecond,
            p50: result.latencyMilliseconds(0.5)
        )
        table.add([
            sink.name, String(load.size), String(load.connections), String(round), Format.fixed(result.seconds, 2),
            String(result.requests), Format.fixed(result.requestsPerSecond, 0), Format.fixed(figures.gibPerSecond, 3),
            Format.fixed(cpu, 2), Format.fixed(figures.cpuPerGiB, 3),
            Format.fixed(figures.cpuMicrosPerRequest, 1), Format.fixed(result.latencyMilliseconds(0.5), 2),
            Format.fixed(result.latencyMilliseconds(0.99), 2), String(result.errors),
        ])
        print("sink \(sink.name) \(load.size) B x \(load.connections) round \(round): "
              + "\(Format.fixed(figures.gibPerSecond, 3)) GiB/s, "
              + "\(Format.fixed(result.requestsPerSecond, 0)) req/s, \(Format.fixed(figures.cpuPerGiB, 3)) CPU-s/GiB, "
              + "\(Format.fixed(figures.cpuMicrosPerRequest, 1)) CPU-us/req, errors \(result.errors)"
              + (result.firstError.map { " (first: \($0))" } ?? ""))
        if result.errors > 0 {
            note("\(sink.name) sink with \(load.size)-byte bodies had \(result.errors) errors in round \(round); "
                 + "first: \(result.firstError ?? "")")
        }
        return figures
    }
}
