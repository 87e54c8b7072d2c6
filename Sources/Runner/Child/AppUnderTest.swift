// SPDX-License-Identifier: Apache-2.0

import AppServer
import Foundation
import HTTPCore
import Metrics

/// The app server of a testbed, wherever it runs: its counters, CPU and memory.
protocol AppUnderTest: Sendable {
    /// Starts a measurement window and returns the counters at its start.
    func startMeasurementWindow() throws -> AppServerSnapshot
    /// The counters now.
    func snapshot() throws -> AppServerSnapshot
    /// CPU nanoseconds used so far.
    func cpuNanoseconds() -> UInt64
    /// Starts a new peak-RSS window.
    func resetPeakMemory()
    /// Peak resident bytes since the last reset (of the process that hosts the app).
    func peakResidentBytes() -> Int64
    func shutdown()
}

/// The app server on the runner's own threads; CPU from its named threads.
struct InProcessApp: AppUnderTest {
    let server: AppServer
    let cpu: ComponentCPU

    func startMeasurementWindow() -> AppServerSnapshot {
        server.startMeasurementWindow()
        return server.snapshot()
    }

    func snapshot() -> AppServerSnapshot { server.snapshot() }

    func cpuNanoseconds() -> UInt64 { cpu.nanoseconds(for: Testbed.appComponent) }

    func resetPeakMemory() { ProcessMemory.resetPeak() }

    func peakResidentBytes() -> Int64 { Int64(ProcessMemory.peakResidentBytes() ?? 0) }

    func shutdown() { server.shutdown(gracePeriod: .seconds(1)) }
}

/// The app server as an `upload-bench serve app` child: counters from its
/// `/_upload-bench/` routes, CPU and memory from `/proc/PID`.
struct ChildApp: AppUnderTest {
    let process: ServeProcess

    func startMeasurementWindow() throws -> AppServerSnapshot {
        try fetch(method: "POST", path: "/_upload-bench/window")
    }

    func snapshot() throws -> AppServerSnapshot {
        try fetch(method: "GET", path: "/_upload-bench/stats")
    }

    func cpuNanoseconds() -> UInt64 { ProcessCPU.nanoseconds(pid: process.pid) ?? 0 }

    func resetPeakMemory() { ProcessMemory.resetPeak(pid: process.pid) }

    func peakResidentBytes() -> Int64 { Int64(ProcessMemory.peakResidentBytes(pid: process.pid) ?? 0) }

    func shutdown() { process.stop() }

    private func fetch(method: String, path: String) throws -> AppServerSnapshot {
        let response = try BlockingHTTP.send(method: method, url: process.url + path)
        guard response.status == 200 else {
            throw ChildProcessError.stats(name: process.name, reason: "\(path) answered HTTP \(response.status)")
        }
        do {
            return try JSONDecoder().decode(AppServerSnapshot.self, from: Data(response.body))
        } catch {
            throw ChildProcessError.stats(name: process.name, reason: "\(path) answered JSON that does not decode: \(error)")
        }
    }
}
