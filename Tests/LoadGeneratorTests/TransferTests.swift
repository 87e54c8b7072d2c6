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

    @Test("one reused handle runs every kind of request in turn, each with its own method, body and headers")
    func reusedHandleMixesRequests() throws {
        let server = try FakeServer()
        defer { server.stop() }
        // One user, so every request goes through the same Transfer and easy handle:
        // inline and streamed PUTs, JSON and form POSTs, of growing and shrinking sizes.
        let uploads: [(UploadArchitecture, Int)] = [
            (.directPut, 1000), (.presignedPut(confirm: true), 3000), (.proxy, 2 * mebibyte + 1),
            (.directPut, 100_000), (.presignedPost(confirm: false), 500),
            (.presignedMultipart(MultipartOptions(partSize: mebibyte, parallelism: 1)), 2 * mebibyte + 7),
            (.directPut, 70_000), (.directPut, 10),
        ]
        let plan = uploads.enumerated().map { index, upload in
            PlannedUpload(index: index, key: "mixed-\(index)", size: upload.1, architecture: upload.0)
        }
        let run = runAgainst(server, plan) { $0.shape = .closed(concurrency: 1) }
        #expect(run.records.count == plan.count)
        for record in run.records {
            #expect(record.status == .ok, "\(record.architecture): \(record.errorCode ?? "")")
            #expect(record.verified)
        }
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
