// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics

/// A synthetic run: proxy and presigned at three sizes. At 4 KiB presigned is
/// slower (the extra round trip); above it presigned wins on every count.
enum Fixtures {
    static let sizes: [Int64] = [4_096, 1_048_576, 16_777_216]

    static func environment() -> Environment {
        Environment(hostName: "bench-1", cpuModel: "Test CPU, 3.0 GHz", cpuCount: 2, kernel: "Linux 6.1.0",
                    machine: "x86_64", operatingSystem: "Debian GNU/Linux 12 (bookworm)", memoryBytes: 25_769_803_776,
                    swiftVersion: "6.3", libcurlVersion: "7.88.1", opensslVersion: "3.0.15")
    }

    static func metadata() -> RunMetadata {
        RunMetadata(scenarioName: "quick", scenarioFile: "scenarios/quick.json", runID: "20260101T000000Z", seed: 7,
                    commandLine: ["upload-bench", "run", "scenarios/quick.json"], gitRevision: "0123abc",
                    startedAt: Date(timeIntervalSince1970: 1_767_225_600), endedAt: Date(timeIntervalSince1970: 1_767_225_660))
    }

    /// One repeat with latencies around `latencyMs`, scaled by `noise`.
    static func repeatResult(architecture: String, size: Int64, noise: Double, seed: UInt64) -> RepeatResult {
        var random = SeededGenerator(seed: seed)
        let proxy = architecture == "proxy"
        let uploads = 50
        let baseMs = proxy ? 1 + Double(size) / 400_000 : 2.5 + Double(size) / 600_000
        var result = RepeatResult()
        result.durationNanoseconds = 2_000_000_000
        result.uploadsOK = uploads
        result.uploadsFailed = proxy ? 1 : 0
        result.errorsByCode = proxy ? ["SlowDown": 1, "Internal,Error \"x\"": 1] : [:]
        result.bytesUploaded = Int64(uploads) * size
        for index in 0..<uploads {
            let ms = baseMs * noise * Double.random(in: 0.8...1.3, using: &random)
            let nanoseconds = Int64(ms * 1e6)
            result.latency.record(nanoseconds)
            if proxy {
                result.hops.clientToApp.record(nanoseconds * 9 / 10)
                result.hops.appToS3.record(nanoseconds * 8 / 10)
            } else {
                result.hops.presignRequest.record(1_200_000)
                result.hops.clientToS3.record(nanoseconds - 1_200_000)
            }
            result.timeSeries.points.append(TimeSeriesPoint(
                second: index, uploadsOK: 1, bytes: size, latencyP50Nanoseconds: nanoseconds,
                latencyP99Nanoseconds: nanoseconds, appCPUNanoseconds: 1_000_000))
        }
        result.timeSeries.points = Array(result.timeSeries.points.prefix(2))
        let head: Int64 = 400
        if proxy {
            result.appCPUNanoseconds = UInt64(Double(uploads) * (50_000 + Double(size) / 4) * noise)
            result.appTraffic = AppTraffic(
                fromClients: HeadBody(head: head * Int64(uploads), body: size * Int64(uploads)),
                toClients: HeadBody(head: 200 * Int64(uploads)),
                toS3: HeadBody(head: 700 * Int64(uploads), body: size * Int64(uploads)),
                fromS3: HeadBody(head: 300 * Int64(uploads)))
            result.appPeakBufferedBytes = 262_144
        } else {
            result.appCPUNanoseconds = UInt64(Double(uploads) * 30_000 * noise)
            result.appTraffic = AppTraffic(
                fromClients: HeadBody(head: head * Int64(uploads), body: 60 * Int64(uploads)),
                toClients: HeadBody(head: 200 * Int64(uploads), body: 900 * Int64(uploads)))
        }
        result.appPeakRSSBytes = 40_000_000
        result.peakOpenConnections = 8
        result.s3BytesIn = (size + 700) * Int64(uploads)
        result.s3CPUNanoseconds = 20_000_000
        result.loadGeneratorCPUNanoseconds = 30_000_000
        return result
    }

    /// - Parameters:
    ///   - jitter: each repeat's figures are scaled by a random factor in `1 ± jitter`, like a noisy machine.
    ///   - scale: per-architecture factor on latency and CPU (an injected regression).
    static func run(repeats: Int = 3, noise: Double = 1, seed: UInt64 = 1, jitter: Double = 0,
                    scale: [String: Double] = [:]) -> RunResult {
        var random = SeededGenerator(seed: seed ^ 0xA5A5)
        var cells: [CellResult] = []
        for size in sizes {
            for (architecture, variant) in [("proxy", "stream"), ("presigned", "put")] {
                var cell = CellResult(architecture: architecture, variant: variant, objectSizeBytes: size, concurrency: 8,
                                      parameters: .object(["size": .number(Double(size))]))
                for index in 0..<repeats {
                    let factor = noise * (scale[architecture] ?? 1) * Double.random(in: (1 - jitter)...(1 + jitter), using: &random)
                    cell.repeats.append(repeatResult(architecture: architecture, size: size, noise: factor,
                                                     seed: seed &+ UInt64(index) &* 1_000 &+ UInt64(size)))
                }
                cells.append(cell)
            }
        }
        return RunResult(metadata: metadata(), environment: environment(), scenario: .object(["name": .string("quick")]),
                         cells: cells, notes: ["synthetic fixture"])
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
