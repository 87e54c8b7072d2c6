// SPDX-License-Identifier: Apache-2.0

import Foundation
import LoadGenerator

/// Suite 3: the load generator (libcurl multi) against wrk, both sending
/// 1 KiB PUTs on 64 connections to the same nginx sink.
extension Bench {
    struct ClientFigures {
        var requestsPerSecond: Double
        var cpuMicrosPerRequest: Double
        /// The rounds a median was taken over, for paired ratios.
        var rounds: [ClientFigures] = []
    }

    func runClients() throws -> [String: ClientFigures] {
        guard let nginx = try startNginx(.sink, "nginx-client-sink") else {
            note("nginx was not found, so the load generator was not compared with wrk (they share nginx as the sink).")
            return [:]
        }
        defer { nginx.stop() }
        var table = Table("client", header: [
            "client", "body_bytes", "connections", "threads", "round", "seconds", "requests", "requests_per_s",
            "client_cpu_s", "cpu_us_per_request", "errors",
        ])
        if tools.wrk == nil {
            note("wrk was not found, so the load generator's request rate has no anchor (install it: apt-get install wrk).")
        }
        // Interleaved rounds, as the sink and relay suites: one window each let a burst of
        // other load fall on one side of the ratio (wrk alone moved from 81k to 110k req/s).
        let clients = (tools.wrk == nil ? [] : ["wrk"]) + ["loadgen"]
        let measured = try Interleaved.run(rounds: settings.rounds, clients) { client, round in
            try clientRound(&table, client, port: nginx.port, round: round)
        }
        var figures: [String: ClientFigures] = [:]
        for (client, rounds) in measured {
            let median = ClientFigures(
                requestsPerSecond: Interleaved.median(rounds.map(\.requestsPerSecond)),
                cpuMicrosPerRequest: Interleaved.median(rounds.map(\.cpuMicrosPerRequest)),
                rounds: rounds
            )
            print("client \(client), median of \(rounds.count): \(Format.fixed(median.requestsPerSecond, 0)) req/s, "
                  + "\(Format.fixed(median.cpuMicrosPerRequest, 2)) CPU-us/req")
            figures[client] = median
        }
        tables.append(table)
        return figures
    }

    /// One round of `client` (wrk or the load generator) sending 1 KiB PUTs on 64 connections.
    private func clientRound(_ table: inout Table, _ client: String, port: Int, round: Int) throws -> ClientFigures {
        let size = 1024
        let connections = 64
        let seconds = Int(settings.measure.rounded())
        if client == "wrk", let wrk = tools.wrk {
            let result = try Wrk.run(
                binary: wrk, port: port, path: "/\(bucket)/wrk", bodySize: size, connections: connections,
                threads: settings.threads, seconds: seconds, directory: work
            )
            return clientRow(&table, "wrk", round: round, requests: result.requests, seconds: result.seconds,
                             cpu: result.cpuSeconds, errors: result.errors)
        }
        let configuration = LoadGeneratorConfiguration(
            directBaseURL: "http://127.0.0.1:\(port)/\(bucket)",
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
        return clientRow(
            &table, "loadgen", round: round, requests: done, seconds: Double(run.durationNanoseconds) / 1e9,
            cpu: Double(run.cpuNanoseconds) / 1e9, errors: run.records.count - done
        )
    }

    private func clientRow(
        _ table: inout Table, _ client: String, round: Int, requests: Int, seconds: Double, cpu: Double, errors: Int
    ) -> ClientFigures {
        let figures = ClientFigures(
            requestsPerSecond: seconds > 0 ? Double(requests) / seconds : 0,
            cpuMicrosPerRequest: requests > 0 ? cpu / Double(requests) * 1e6 : .nan
        )
        table.add([
            client, "1024", "64", String(settings.threads), String(round), Format.fixed(seconds, 2), String(requests),
            Format.fixed(figures.requestsPerSecond, 0), Format.fixed(cpu, 2),
            Format.fixed(figures.cpuMicrosPerRequest, 2), String(errors),
        ])
        print("client \(client) round \(round): \(Format.fixed(figures.requestsPerSecond, 0)) req/s, "
              + "\(Format.fixed(figures.cpuMicrosPerRequest, 2)) CPU-us/req, errors \(errors)")
        return figures
    }
}
