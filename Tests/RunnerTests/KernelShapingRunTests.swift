// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import Metrics
import Runner
import TestSupport
import Testing

/// What this machine's kernel can shape, found out here with `ip` and `tc`
/// directly rather than through the runner's own probe.
private enum KernelSupport {
    case unusable
    case bandwidthOnly
    case bandwidthAndDelay

    static let here: KernelSupport = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/tc"),
              FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") else { return .unusable }
        let name = "ub-oracle-\(getpid())"
        guard (try? ProcessRunner.run("/usr/sbin/ip", ["netns", "add", name]))?.status == 0 else { return .unusable }
        defer { _ = try? ProcessRunner.run("/usr/sbin/ip", ["netns", "delete", name]) }
        func qdisc(_ arguments: [String]) -> Bool {
            (try? ProcessRunner.run("/usr/sbin/tc", ["-n", name, "qdisc", "add", "dev", "lo", "root"] + arguments))?.status == 0
        }
        guard qdisc(["tbf", "rate", "1mbit", "burst", "16kb", "latency", "50ms"]) else { return .unusable }
        _ = try? ProcessRunner.run("/usr/sbin/tc", ["-n", name, "qdisc", "delete", "dev", "lo", "root"])
        return qdisc(["netem", "delay", "1ms"]) ? .bandwidthAndDelay : .bandwidthOnly
    }()
}

/// Whole runs with `network.shaping`: the kernel where it can, the emulator's fallback where it cannot.
@Suite(.serialized) struct KernelShapingRunTests {
    private static let netemMissing = "kernel shaping unavailable: this kernel has no netem qdisc (links with delay need it)"

    private func run(_ json: String) throws -> BenchmarkRunner.Outcome {
        let (outcome, directory) = try runScenarioFile(json, label: "kernel-run-test")
        try? FileManager.default.removeItem(at: directory)
        return outcome
    }

    /// A one-upload scenario per architecture over the given client link.
    private func scenario(name: String, shaping: String, client: String, size: String) -> String {
        """
        {
            "name": "\(name)",
            "architectures": [
                { "architecture": "proxy", "mode": "stream" },
                { "architecture": "presigned", "flow": "put" },
            ],
            "object_size": "\(size)",
            "load": { "concurrency": 1 },
            "stop": { "uploads": 1 },
            "s3": { "type": "embedded", "storage": "discard", "md5": true },
            "network": { "shaping": "\(shaping)", "client": \(client), "app_s3": "loopback" },
        }
        """
    }

    private func namespaces(labelled label: String) throws -> [String] {
        let listing = try ProcessRunner.run("/usr/sbin/ip", ["netns", "list"]).output
        return listing.split(separator: "\n").map(String.init).filter { $0.contains("-\(label)-") }
    }

    @Test(.disabled(if: KernelSupport.here == .unusable, "needs root, ip, tc and the tbf qdisc"))
    func kernelModeUploadsTenMiBOverA100MbitClientLinkInTheExpectedTimeAndRemovesItsNamespaces() throws {
        let name = "kernel-run-test"
        let outcome = try run(scenario(
            name: name, shaping: "kernel", client: #"{"up": "100Mbit", "down": "100Mbit", "rtt": "0ms"}"#, size: "10MiB"
        ))

        #expect(outcome.result.metadata.networkModel.hasPrefix("kernel shaping (tc tbf"))
        try #require(outcome.result.cells.count == 2)
        let expected = Double(10 * 1_048_576 * 8) / 100e6
        for cell in outcome.result.cells {
            let total = try cell.total()
            #expect(total.uploadsOK == 1, "\(cell.key)")
            #expect(total.networkCPUNanoseconds == 0, "no relay thread runs in kernel mode")
            let seconds = Double(try #require(total.latency.value(atPercent: 50))) / 1e9
            // Through the real app server (proxy) or straight to S3 (presigned), over the
            // shaped veth: never faster than the link (unshaped it takes milliseconds). The
            // upper bound is loose because busy cores slow the servers and curl, not the
            // link (1.8 s against 0.84 s was seen with helpers compiling on both cores);
            // KernelNetworkTests holds the link itself to 10%. Three times still
            // catches a rate off by a unit (10x).
            #expect(seconds >= expected * 0.9, "\(cell.key): \(seconds) s, expected \(expected) s")
            #expect(seconds <= expected * 3, "\(cell.key): \(seconds) s, expected \(expected) s")
        }
        #expect(try namespaces(labelled: name).isEmpty)
    }

    @Test(.disabled(if: KernelSupport.here == .unusable, "needs root, ip, tc and the tbf qdisc"))
    func autoWithADelayedLinkUsesTheKernelOnlyWithNetemAndOtherwiseSaysWhy() throws {
        let name = "kernel-auto-test"
        let outcome = try run(scenario(
            name: name, shaping: "auto", client: #"{"up": "1Gbit", "down": "1Gbit", "rtt": "2ms"}"#, size: "64KiB"
        ))

        let method = outcome.result.metadata.networkModel
        if KernelSupport.here == .bandwidthAndDelay {
            #expect(method.hasPrefix("kernel shaping"))
        } else {
            #expect(method.hasPrefix("in-process link emulator ("))
            #expect(method.contains("; \(Self.netemMissing); using the in-process emulator): client-app custom"))
            #expect(outcome.result.notes.contains("K" + Self.netemMissing.dropFirst() + "; using the in-process emulator."))
            #expect(outcome.result.cells.allSatisfy { (try? $0.total().networkCPUNanoseconds) ?? 0 > 0 }, "the emulator ran")
        }
        #expect(try outcome.result.cells.map { try $0.total().uploadsOK } == [1, 1])
        #expect(try namespaces(labelled: name).isEmpty)
    }

    @Test(.disabled(if: KernelSupport.here != .bandwidthOnly, "needs a kernel with tbf but without netem"))
    func kernelWithADelayedLinkFailsWithTheReasonWhereNetemIsMissing() throws {
        let error = #expect(throws: (any Error).self) {
            try run(scenario(name: "kernel-refused-test", shaping: "kernel", client: "\"office-fibre\"", size: "64KiB"))
        }
        let message = "\(error.map { "\($0)" } ?? "")"
        #expect(message.hasPrefix(Self.netemMissing + ", and the scenario asks for \"network\": {\"shaping\": \"kernel\"}"))
    }
}
