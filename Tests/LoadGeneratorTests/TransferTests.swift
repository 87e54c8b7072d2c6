// SPDX-License-Identifier: Apache-2.0

import LoadGenerator
import Testing

@Suite("Per-request timing and network hooks", .serialized)
struct TransferTests {
    @Test("time to first byte skips 100 Continue and comes after the body was sent")
    func firstByteSkipsContinue() throws {
        let server = try FakeServer()
        defer { server.stop() }
        // Over 1 MiB, libcurl sends Expect: 100-continue; the server answers 100 at once,
        // then takes 300 ms after the body before its final answer.
        let plan = [PlannedUpload(index: 0, key: "ttfb-delay300ms", size: 4 * mebibyte, architecture: .directPut)]
        let run = runAgainst(server, plan)
        let hop = try #require(run.records.first?.hops.first)
        #expect(hop.status == 200)
        #expect(hop.bodySentNanoseconds > hop.startNanoseconds)
        #expect(hop.firstResponseByteNanoseconds >= hop.bodySentNanoseconds)
        #expect(hop.firstResponseByteNanoseconds - hop.bodySentNanoseconds >= 250_000_000)
        #expect(try #require(hop.timeToFirstByteNanoseconds) >= 300_000_000)
    }

    @Test("uploads work with Expect: 100-continue turned off")
    func withoutExpect() throws {
        let server = try FakeServer()
        defer { server.stop() }
        let run = runAgainst(server, makePlan(2, size: 2 * mebibyte, architecture: .directPut)) { $0.expectContinueMinimumBytes = nil }
        #expect(run.records.allSatisfy { $0.status == .ok && $0.verified })
    }

    @Test("a send rate cap slows a transfer to about the cap")
    func sendCap() throws {
        let server = try FakeServer()
        defer { server.stop() }
        let run = runAgainst(server, makePlan(1, size: mebibyte, architecture: .directPut)) {
            $0.clientToS3 = LinkOptions(sendBytesPerSecond: 2 * mebibyte)
        }
        let record = try #require(run.records.first)
        #expect(record.status == .ok)
        // 1 MiB at 2 MiB/s: about 500 ms; libcurl's first burst may run ahead a little.
        #expect(record.latencyNanoseconds >= 400_000_000)
    }

    @Test("the added per-request delay is paid by every request on the link")
    func addedDelay() throws {
        let server = try FakeServer()
        defer { server.stop() }
        let run = runAgainst(server, makePlan(1, size: 1000, architecture: .presignedPut(confirm: true))) {
            $0.clientToApp = LinkOptions(addedDelay: .milliseconds(100))
        }
        let record = try #require(run.records.first)
        #expect(record.status == .ok)
        #expect(try #require(record.hop(.presign)).durationNanoseconds >= 100_000_000)
        #expect(try #require(record.hop(.confirm)).durationNanoseconds >= 100_000_000)
        #expect(record.latencyNanoseconds >= 200_000_000)
    }
}
