// SPDX-License-Identifier: Apache-2.0

import Foundation
import LoadGenerator

// `LoadGeneratorProbe URL UPLOADS [THREADS]`: the client suite's load (1 KiB
// direct PUTs, 64 users, no hashing, no Expect) for a fixed number of uploads
// against a sink at URL (for example nginx as perf-bench configures it). A
// bounded count makes the run deterministic enough for `valgrind --tool=callgrind`
// (instructions per request: the difference of two runs over their upload counts).
let arguments = CommandLine.arguments
guard arguments.count >= 3, let uploads = Int(arguments[2]) else {
    print("usage: LoadGeneratorProbe URL UPLOADS [THREADS]")
    exit(2)
}
let threads = arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1
let configuration = LoadGeneratorConfiguration(
    directBaseURL: arguments[1],
    shape: .closed(concurrency: 64),
    threads: threads,
    hardTimeLimit: .seconds(600),
    hashing: .off,
    expectContinueMinimumBytes: nil
)
let plan = (0..<uploads).map {
    PlannedUpload(index: $0, key: "lg\($0 & 1023)", size: 1024, architecture: .directPut)
}
let run = LoadGenerator(configuration: configuration).run(plan: plan)
let done = run.records.count { $0.status == .ok }
let seconds = Double(run.durationNanoseconds) / 1e9
let cpuMicros = Double(run.cpuNanoseconds) / 1e3
print("uploads \(done) ok, \(run.records.count - done) failed; \(Int(Double(done) / seconds)) req/s; "
      + "\(String(format: "%.2f", cpuMicros / Double(max(1, done)))) CPU-us/request")
