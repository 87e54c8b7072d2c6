// SPDX-License-Identifier: Apache-2.0

import Foundation

/// wrk from Debian with a PUT script; its CPU comes from the kernel's account of
/// the child (wait4), the same figure for all its threads.
enum Wrk {
    struct Result {
        var requests: Int
        var seconds: Double
        var errors: Int
        var meanLatencyMilliseconds: Double
        var p99LatencyMilliseconds: Double
        var cpuSeconds: Double
        var requestsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }
    }

    /// Runs `threads` threads and `connections` connections of `bodySize`-byte PUTs for `seconds`.
    /// - Throws: `BenchError` when wrk fails or its summary cannot be read.
    static func run(
        binary: String, port: Int, path: String, bodySize: Int, connections: Int, threads: Int,
        seconds: Int, directory: String
    ) throws -> Result {
        let script = directory + "/put.lua"
        // The summary is printed by `done` as one machine-readable line.
        try """
        wrk.method = "PUT"
        wrk.body = string.rep("x", \(bodySize))
        wrk.headers["Content-Type"] = "application/octet-stream"
        function done(summary, latency, requests)
            local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                + summary.errors.status + summary.errors.timeout
            io.write(string.format("PERF requests=%d micros=%d errors=%d mean=%f p99=%f\\n",
                summary.requests, summary.duration, errors, latency.mean, latency:percentile(99)))
        end
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let log = directory + "/wrk.log"
        try? FileManager.default.removeItem(atPath: log)
        let process = try ChildProcess(
            [binary, "-t\(threads)", "-c\(connections)", "-d\(seconds)s", "-s", script,
             "http://127.0.0.1:\(port)\(path)"],
            logPath: log
        )
        guard let exit = process.wait(), exit.status == 0 else {
            throw BenchError("wrk failed: \(process.logTail())")
        }
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("PERF ") }) else {
            throw BenchError("wrk printed no summary: \(process.logTail())")
        }
        var values: [String: Double] = [:]
        for pair in line.dropFirst(5).split(separator: " ") {
            let parts = pair.split(separator: "=")
            if parts.count == 2 { values[String(parts[0])] = Double(parts[1]) }
        }
        return Result(
            requests: Int(values["requests"] ?? 0),
            seconds: (values["micros"] ?? 0) / 1e6,
            errors: Int(values["errors"] ?? 0),
            meanLatencyMilliseconds: (values["mean"] ?? 0) / 1000,
            p99LatencyMilliseconds: (values["p99"] ?? 0) / 1000,
            cpuSeconds: exit.cpuSeconds
        )
    }
}
