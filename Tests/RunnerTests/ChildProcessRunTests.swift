// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics
import Runner
import TestSupport
import Testing

/// Runs with `"process": "child-processes"`: the mock S3 and the app server as
/// `upload-bench serve` children of this test process.
@Suite(.serialized) struct ChildProcessRunTests {
    private static let scenario = """
        {
            "name": "child-test",
            "seed": 3,
            "process": "child-processes",
            "architectures": [
                { "architecture": "proxy", "mode": "stream" },
                { "architecture": "presigned", "flow": "put" },
            ],
            "object_size": ["1MiB"],
            "load": { "concurrency": 2 },
            "stop": { "uploads": 8 },
            "warmup": { "uploads": 1 },
            "s3": { "type": "embedded", "storage": "discard", "md5": true },
            "network": { "client": "loopback", "app_s3": "loopback" },
        }
        """

    /// Every direct upload meets SlowDown half the time and retries until it is stored.
    private static let faultScenario = """
        {
            "name": "child-faults-test",
            "seed": 5,
            "process": "child-processes",
            "architectures": [{ "architecture": "presigned", "flow": "put" }],
            "object_size": ["64KiB"],
            "load": { "concurrency": 2 },
            "stop": { "uploads": 12 },
            "warmup": { "uploads": 0 },
            "s3": { "type": "embedded", "storage": "memory", "md5": true },
            "faults": { "slow_down_rate": "50%" },
            "retry": { "max_attempts": 10, "initial_backoff": "1ms", "max_backoff": "5ms", "multiplier": 2, "jitter": false },
            "network": { "client": "loopback", "app_s3": "loopback" },
        }
        """

    private func run(executable: String, scenario text: String = Self.scenario) throws -> BenchmarkRunner.Outcome {
        let (outcome, directory) = try runScenarioFile(text, label: "child-run-test", serveExecutable: executable)
        try? FileManager.default.removeItem(at: directory)
        return outcome
    }

    /// Process ids of this process's children that run a `serve` command.
    private func serveChildren() -> [Int32] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { return false }
            // Field 4 (the parent) is the second field after the command name's parenthesis.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, Int32(fields[1]) == me else { return false }
            let command = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
            // Only the runner's children: other suites in this test process start
            // their own `serve s3` (without --threads) and may still have it running.
            let arguments = String(decoding: command, as: UTF8.self).split(separator: "\0")
            return arguments.contains("serve") && arguments.contains("--threads")
        }
    }

    @Test(.disabled(if: UploadBenchBinary.path == nil, "needs the built upload-bench binary"))
    func childProcessesStoreEveryUploadIntactAndEachUsesCPUAndNoneOutlivesTheRun() throws {
        let outcome = try run(executable: try #require(UploadBenchBinary.path))

        #expect(outcome.result.metadata.processMode.hasPrefix("child processes"))
        #expect(outcome.result.metadata.cpuMethod.contains("clock_getcpuclockid"))
        try #require(outcome.result.cells.count == 2)
        // /proc/PID/stat counts clock ticks (10 ms): a presigned cell's app may stay below one,
        // so CPU is checked per process over the whole run.
        let totals = try outcome.result.cells.map { try $0.total() }
        #expect(totals.reduce(0) { $0 + $1.appCPUNanoseconds } > 0, "app child CPU")
        #expect(totals.reduce(0) { $0 + ($1.s3CPUNanoseconds ?? 0) } > 0, "mock S3 child CPU")
        for cell in outcome.result.cells {
            let total = try cell.total()
            #expect(total.uploadsOK == 8, "\(cell.key)")
            #expect(total.uploadsFailed + total.uploadsCorrupted + total.uploadsLost == 0, "\(cell.key)")
            #expect(total.appPeakRSSBytes > 0, "app peak RSS of \(cell.key)")
            // The runner cannot read the child's byte counters: undefined, not "nothing reached S3".
            #expect(total.s3BytesIn == nil, "S3 bytes in of \(cell.key)")
            if cell.architecture == "proxy" {
                #expect(total.appTraffic.bytesIn.body >= total.bytesUploaded, "proxy body bytes in \(cell.key)")
            }
            // The mock S3's threads live in its child, so they are only there if the child's tasks were read.
            let load = try #require(total.machineLoad, "machine load of \(cell.key)")
            #expect(load.busiestThread[MachineLoad.HarnessComponent.mockS3.rawValue] != nil, "\(cell.key)")
            #expect(load.ownCores > 0 && load.otherCores >= 0, "\(cell.key)")
        }
        #expect(outcome.result.notes.contains { $0.contains("signed HEAD") })
        #expect(serveChildren().isEmpty, "children left running: \(serveChildren())")
    }

    @Test(.disabled(if: UploadBenchBinary.path == nil, "needs the built upload-bench binary"))
    func faultsReachTheMockS3ChildAndRetriedUploadsAreStoredIntact() throws {
        let outcome = try run(executable: try #require(UploadBenchBinary.path), scenario: Self.faultScenario)
        let total = try #require(outcome.result.cells.first).total()
        #expect(total.uploadsOK == 12)
        #expect(total.uploadsFailed + total.uploadsCorrupted + total.uploadsLost == 0, "failed \(total.uploadsFailed), corrupted \(total.uploadsCorrupted), lost \(total.uploadsLost), errors \(total.errorsByCode), notes \(outcome.result.notes)")
        // With a 50 % rate, 12 uploads meet no SlowDown at all once in 4,096 runs.
        #expect(total.errorsByCode["SlowDown", default: 0] > 0, "errors by code: \(total.errorsByCode)")
        #expect(serveChildren().isEmpty, "children left running: \(serveChildren())")
    }

    @Test func aChildThatFailsToStartGivesAClearErrorAndIsNotLeftRunning() throws {
        // sh cannot open a script named `serve`: it complains on standard error and exits.
        let error = #expect(throws: ChildProcessError.self) {
            _ = try run(executable: "/bin/sh")
        }
        #expect(error?.label == "ChildStartFailed")
        #expect(error?.message.contains("mock-s3 child process did not start") == true, "\(String(describing: error))")
        #expect(error?.message.contains("serve") == true, "stderr missing: \(String(describing: error))")
        #expect(serveChildren().isEmpty)
    }

    @Test func aMissingExecutableIsNamedInTheError() throws {
        let error = #expect(throws: ChildProcessError.self) {
            _ = try run(executable: "/nonexistent/upload-bench")
        }
        #expect(error?.label == "ChildLaunchFailed")
        #expect(error?.message.contains("/nonexistent/upload-bench") == true)
    }
}
