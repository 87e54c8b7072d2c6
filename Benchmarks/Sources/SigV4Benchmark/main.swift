// SPDX-License-Identifier: Apache-2.0

import BenchSupport
import Foundation
import Metrics

// Measures SigV4 signing and verifying and appends one CSV row per operation to
// results/perf/sigv4.csv (or the path given as the first argument); a second
// argument keeps only the workloads whose name contains it. Each operation
// runs in bounded rounds (at most 0.5 s or 2 million operations each); the row
// keeps the best of 5 rounds, the least disturbed by other work on the machine.
// Both wall-clock and thread-CPU rates are written: on a shared machine the CPU
// rate is the one that says what an operation costs.
let outputPath = CommandLine.arguments.dropFirst().first ?? "results/perf/sigv4.csv"
let only = CommandLine.arguments.dropFirst(2).first
let rounds = 5
let roundSeconds = 0.5
let roundLimit = 2_000_000

let environment = Environment.capture()
let revision = GitRevision.current()
let date = ISO8601DateFormatter().string(from: Date())

var rows = [[String]]()
for workload in try Workloads.all() where only.map(workload.name.contains) ?? true {
    var bestWall = 0.0
    var bestCPU = 0.0
    var sink = 0
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = threadCPUNanoseconds()
        var count = 0
        var elapsed: UInt64 = 0
        // Check the clock every 64 operations so reading it costs little.
        while count < roundLimit {
            for _ in 0..<64 { sink &+= try workload.operation() }
            count += 64
            elapsed = DispatchTime.now().uptimeNanoseconds - start
            if Double(elapsed) >= roundSeconds * 1e9 { break }
        }
        let cpu = threadCPUNanoseconds() - cpuStart
        bestWall = max(bestWall, Double(count) / (Double(elapsed) / 1e9))
        bestCPU = max(bestCPU, Double(count) / (Double(max(cpu, 1)) / 1e9))
    }
    precondition(sink != 0, "the workloads produced nothing")
    print(String(
        format: "%@ %10.0f ops/s wall %10.0f ops/CPU-s %8.0f ns CPU/op",
        workload.name.padding(toLength: 32, withPad: " ", startingAt: 0), bestWall, bestCPU, 1e9 / bestCPU))
    rows.append([
        workload.name, String(format: "%.0f", bestWall), String(format: "%.0f", bestCPU),
        String(format: "%.1f", 1e9 / bestCPU),
        environment.hostName, environment.cpuModel, environment.kernel, environment.swiftVersion, revision, date,
    ])
}

let header = ["benchmark", "ops_per_second", "ops_per_cpu_second", "cpu_ns_per_op", "host", "cpu_model", "kernel", "swift_version",
              "git_revision", "date"]
try CSVFile.append(rows: rows, header: header, to: outputPath)
print("appended \(rows.count) rows to \(outputPath)")

/// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), in nanoseconds.
func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
