// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Suite 1: the mock S3 (discard, signatures verified, no MD5) and nginx's
/// `return 200` sink under the same loads from the same client.
extension Bench {
    struct SinkFigures {
        var gibPerSecond: Double
        var cpuPerGiB: Double
        var cpuMicrosPerRequest: Double
        var requestsPerSecond: Double
        var p50: Double
    }

    static let sinkLoads = [(size: 8 << 20, connections: 16), (size: 1024, connections: 64)]

    func runSinks() throws -> [String: SinkFigures] {
        var table = Table("sink", header: [
            "server", "body_bytes", "connections", "seconds", "requests", "requests_per_s", "gib_per_s",
            "server_cpu_s", "cpu_s_per_gib", "cpu_us_per_request", "latency_p50_ms", "latency_p99_ms", "errors",
        ])
        var figures: [String: SinkFigures] = [:]
        let s3 = try startMockS3("sink-s3")
        let s3PID = s3.pid
        sinkLoads(&table, &figures, "mock-s3", port: s3.port) { [ProcessProbe.cpuSeconds(s3PID) ?? 0] }
        s3.stop()

        if let nginx = try startNginx(.sink, "nginx-sink") {
            let pids = nginx.processIDs
            sinkLoads(&table, &figures, "nginx", port: nginx.port) { [ProcessProbe.cpuSeconds(pids)] }
            nginx.stop()
        } else {
            note("nginx was not found, so the sink and relay anchors were not measured (install it: apt-get install nginx).")
        }
        tables.append(table)
        return figures
    }

    /// Both loads against one server, whose CPU `meter` reads.
    private func sinkLoads(
        _ table: inout Table, _ figures: inout [String: SinkFigures], _ server: String, port: Int,
        meter: @escaping @Sendable () -> [Double]
    ) {
        for load in Self.sinkLoads {
            let heads = (0..<load.connections).map {
                signedHead(port: port, key: "sink/\(load.size)-\($0)", size: load.size)
            }
            let measured = measure(timedLoad(port: port, connections: load.connections, size: load.size) { heads[$0] },
                                   meters: meter)
            figures["\(server)/\(load.size)"] = sinkRow(&table, server, load, measured)
        }
    }

    private func sinkRow(
        _ table: inout Table, _ server: String, _ load: (size: Int, connections: Int),
        _ measured: (result: PutResult, growth: [Double])
    ) -> SinkFigures {
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
            server, String(load.size), String(load.connections), Format.fixed(result.seconds, 2),
            String(result.requests), Format.fixed(result.requestsPerSecond, 0), Format.fixed(figures.gibPerSecond, 3),
            Format.fixed(cpu, 2), Format.fixed(figures.cpuPerGiB, 3),
            Format.fixed(figures.cpuMicrosPerRequest, 1), Format.fixed(result.latencyMilliseconds(0.5), 2),
            Format.fixed(result.latencyMilliseconds(0.99), 2), String(result.errors),
        ])
        print("sink \(server) \(load.size) B x \(load.connections): \(Format.fixed(figures.gibPerSecond, 3)) GiB/s, "
              + "\(Format.fixed(result.requestsPerSecond, 0)) req/s, \(Format.fixed(figures.cpuPerGiB, 3)) CPU-s/GiB, "
              + "\(Format.fixed(figures.cpuMicrosPerRequest, 1)) CPU-us/req, errors \(result.errors)"
              + (result.firstError.map { " (first: \($0))" } ?? ""))
        if result.errors > 0 { note("\(server) sink with \(load.size)-byte bodies had \(result.errors) errors; first: \(result.firstError ?? "")") }
        return figures
    }
}
