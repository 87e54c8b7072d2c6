// SPDX-License-Identifier: Apache-2.0

// Sink throughput of the mock S3 in discard mode: 8 MiB PUTs over 16 connections
// (one curl process, `--parallel-max 16`), with and without MD5, and the server's
// CPU seconds per GiB from ComponentCPU. Usage: MockS3Benchmark [uploads]

import Foundation
import Metrics
import MockS3

let uploads = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 256 : 256
let objectSize = 8 << 20
let file = FileManager.default.temporaryDirectory.appendingPathComponent("mocks3-bench-\(getpid()).bin")
try Data((0..<objectSize).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: file)
defer { try? FileManager.default.removeItem(at: file) }

for md5 in [true, false] {
    let cpu = ComponentCPU()
    var configuration = MockS3Server.Configuration()
    configuration.storage = .discard
    configuration.md5 = md5
    configuration.requireSignatures = false
    configuration.cpu = cpu
    configuration.threads = 2
    let server = try MockS3Server(configuration: configuration)
    try server.createBucket("bench")
    let port = try server.start()

    var arguments = ["-s", "--no-progress-meter", "-o", "/dev/null", "-Z", "--parallel-max", "16", "-H", "Expect:"]
    for index in 0..<uploads {
        arguments += ["-T", file.path, "http://127.0.0.1:\(port)/bench/object-\(index)"]
    }
    let curl = Process()
    curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    curl.arguments = arguments
    let cpuBefore = cpu.nanoseconds(for: configuration.cpuComponent)
    let start = Date()
    try curl.run()
    curl.waitUntilExit()
    let seconds = Date().timeIntervalSince(start)
    let serverCPU = Double(cpu.nanoseconds(for: configuration.cpuComponent) - cpuBefore) / 1e9
    let stats = server.stats()
    server.shutdown()

    let bytes = Double(stats.bodyBytesIn)
    let gib = bytes / Double(1 << 30)
    print(String(
        format: "md5=%@ uploads=%d stored=%d bytes=%.0f time=%.2fs throughput=%.2f GB/s server-cpu=%.2fs cpu-per-GiB=%.3fs",
        md5 ? "on" : "off", uploads, stats.objectsStored, bytes, seconds, bytes / seconds / 1e9, serverCPU, serverCPU / gib
    ))
}
