// SPDX-License-Identifier: Apache-2.0

import Foundation
import LoadGenerator

/// Suite 3: the load generator (libcurl multi) against wrk, both sending
/// 1 KiB PUTs on 64 connections to the same nginx sink.
extension Bench {
    struct ClientFigures {
        var requestsPerSecond: Double
        var cpuMicrosPerRequest: Double
    }

    func runClients() throws -> [String: ClientFigures] {
        guard let nginx = try startNginx(.sink, "nginx-client-sink") else {
            note("nginx was not found, so the load generator was not compared with wrk (they share nginx as the sink).")
            return [:]
        }
        defer { nginx.stop() }
        var table = Table("client", header: [
            "client", "body_bytes", "connections", "threads", "seconds", "requests", "requests_per_s",
            "client_cpu_s", "cpu_us_per_request", "errors",
        ])
        let size = 1024
        let connections = 64
        let seconds = Int(settings.measure.rounded())
        var figures: [String: ClientFigures] = [:]

        if let wrk = tools.wrk {
            let result = try Wrk.run(
                binary: wrk, port: nginx.port, path: "/\(bucket)/wrk", bodySize: size, connections: connections,
                threads: settings.threads, seconds: seconds, directory: work
            )
            figures["wrk"] = clientRow(&table, "wrk", requests: result.requests, seconds: result.seconds,
                                       cpu: result.cpuSeconds, errors: result.errors)
        } else {
            note("wrk was not found, so the load generator's request rate has no anchor (install it: apt-get install wrk).")
        }

        let configuration = LoadGeneratorConfiguration(
            directBaseURL: "http://127.0.0.1:\(nginx.port)/\(bucket)",
            shape: .closed(concurrency: connections),
            threads: settings.threads,
            maxDuration: .seconds(seconds),
            hardTimeLimit: .seconds(30),
            hashing: .off,
            expectContinueMinimumBytes: nil
        )
        // More uploads than the run can make: the start deadline ends it.
        let plan = (0..<1_500_000).map {
            PlannedUpload(index: $0, key: "lg\($0 & 1023)", size: size, architecture: .directPut)
        }
        let run = LoadGenerator(configuration: configuration).run(plan: plan)
        let done = run.records.count { $0.status == .ok }
        figures["loadgen"] = clientRow(
            &table, "loadgen", requests: done, seconds: Double(run.durationNanoseconds) / 1e9,
            cpu: Double(run.cpuNanoseconds) / 1e9, errors: run.records.count - done
        )
        tables.append(table)
        return figures
    }

    private func clientRow(
        _ table: inout Table, _ client: String, requests: Int, seconds: Double, cpu: Double, errors: Int
    ) -> ClientFigures {
        let figures = ClientFigures(
            requestsPerSecond: seconds > 0 ? Double(requests) / seconds : 0,
            cpuMicrosPerRequest: requests > 0 ? cpu / Double(requests) * 1e6 : .nan
        )
        table.add([
            client, "1024", "64", String(settings.threads), Format.fixed(seconds, 2), String(requests),
            Format.fixed(figures.requestsPerSecond, 0), Format.fixed(cpu, 2),
            Format.fixed(figures.cpuMicrosPerRequest, 2), String(errors),
        ])
        print("client \(client): \(Format.fixed(figures.requestsPerSecond, 0)) req/s, "
              + "\(Format.fixed(figures.cpuMicrosPerRequest, 2)) CPU-us/req, errors \(errors)")
        return figures
    }
}
