// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics

// Measures SigV4 signing and verifying and appends one CSV row per operation to
// results/perf/sigv4.csv (or the path given as the first argument); a second
// argument keeps only the workloads whose name contains it. Each operation
// runs in bounded rounds (at most 0.5 s or 2 million operations each); the row
// keeps the best of 5 rounds, the least disturbed by other work on the machine.
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
    var best = 0.0
    var sink = 0
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        var count = 0
        var elapsed: UInt64 = 0
        // Check the clock every 64 operations so reading it costs little.
        while count < roundLimit {
            for _ in 0..<64 { sink &+= try workload.operation() }
            count += 64
            elapsed = DispatchTime.now().uptimeNanoseconds - start
            if Double(elapsed) >= roundSeconds * 1e9 { break }
        }
        best = max(best, Double(count) / (Double(elapsed) / 1e9))
    }
    precondition(sink != 0, "the workloads produced nothing")
    let line = String(format: "%-34@ %12.0f ops/s %10.0f ns/op", workload.name as NSString, best, 1e9 / best)
    print(line)
    rows.append([
        workload.name, String(format: "%.0f", best), String(format: "%.1f", 1e9 / best),
        environment.hostName, environment.cpuModel, environment.kernel, environment.swiftVersion, revision, date,
    ])
}

let header = ["benchmark", "ops_per_second", "ns_per_op", "host", "cpu_model", "kernel", "swift_version",
              "git_revision", "date"]
try CSVFile.append(rows: rows, header: header, to: outputPath)
print("appended \(rows.count) rows to \(outputPath)")
