// SPDX-License-Identifier: Apache-2.0

import LoadGenerator
import NetworkModel
import Testing

@Suite("Simulated clients over a modelled link to S3", .serialized)
struct ClientLinkTests {
    let bitsPerSecond: UInt64 = 16_000_000

    /// Seconds the client's uplink needs for `bytes`.
    private func expected(_ bytes: Int) -> Double {
        Double(bytes) * 8 / Double(bitsPerSecond)
    }

    /// Runs `plan` with its S3 requests through an emulated link, each client bound to its own address.
    private func runOverLink(_ plan: [PlannedUpload], users: Int) throws -> LoadRun {
        let server = try FakeServer()
        defer { server.stop() }
        let profile = LinkProfile(upBitsPerSecond: bitsPerSecond, downBitsPerSecond: nil, roundTripNanoseconds: 2_000_000)
        let link = try LinkEmulator(name: "client-s3", targetHost: "127.0.0.1", targetPort: server.port, profile: profile)
        defer { link.shutdown() }
        return runAgainst(server, plan) {
            $0.shape = .closed(concurrency: users)
            $0.clientToS3.connectTo = ["127.0.0.1:\(server.port):127.0.0.1:\(link.port)"]
            $0.clientToS3.bindsClientAddress = true
        }
    }

    @Test("client addresses count up from 127.77.0.1 and wrap before leaving the range")
    func clientAddresses() {
        #expect(ClientAddress.ipv4(forClient: 0) == "127.77.0.1")
        #expect(ClientAddress.ipv4(forClient: 300) == "127.77.1.45")
        #expect(ClientAddress.ipv4(forClient: 65_533) == "127.77.255.254")
        #expect(ClientAddress.ipv4(forClient: 65_534) == "127.77.0.1")
    }

    @Test("a multipart upload's parallel parts share the client's uplink")
    func multipartPartsShareTheUplink() throws {
        let size = 2 * mebibyte
        let options = MultipartOptions(partSize: size / 4, partURLs: .upfront, parallelism: 4)
        let run = try runOverLink(makePlan(1, size: size, architecture: .presignedMultipart(options), prefix: "mp"), users: 1)
        let record = try #require(run.records.first)
        #expect(record.status == .ok, "\(record.errorCode ?? "")")
        let parts = record.hops.filter { $0.kind == .part }
        #expect(parts.count == 4)
        // The parts really ran at once: each started before any of them ended.
        let firstEnd = try #require(parts.map(\.endNanoseconds).min())
        #expect(parts.allSatisfy { $0.startNanoseconds < firstEnd })
        let elapsed = Double(record.endNanoseconds - record.startNanoseconds) / 1e9
        #expect(abs(elapsed - expected(size)) / expected(size) < 0.15, "took \(elapsed) s, expected \(expected(size)) s")
    }

    @Test("two clients uploading at once each get a whole uplink")
    func clientsHaveTheirOwnUplinks() throws {
        let size = 1_000_000
        let run = try runOverLink(makePlan(2, size: size, architecture: .presignedPut(confirm: false), prefix: "pp"), users: 2)
        #expect(run.records.count == 2)
        for record in run.records {
            #expect(record.status == .ok, "\(record.errorCode ?? "")")
            let hop = try #require(record.hop(.s3Upload))
            let elapsed = Double(hop.endNanoseconds - hop.startNanoseconds) / 1e9
            #expect(abs(elapsed - expected(size)) / expected(size) < 0.15, "took \(elapsed) s, expected \(expected(size)) s")
        }
    }
}
