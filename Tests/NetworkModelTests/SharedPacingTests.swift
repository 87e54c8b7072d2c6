// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import NetworkModel
import Synchronization
import TestSupport
import Testing

/// Each transfer's duration in seconds, filled in by the threads that ran them.
private final class Durations: Sendable {
    let values: Mutex<[Double]>

    init(count: Int) {
        values = Mutex(Array(repeating: 0, count: count))
    }
}

@Suite(.serialized) struct SharedPacingTests {
    let fiveMiB = 5 * 1024 * 1024
    let bitsPerSecond: UInt64 = 100_000_000

    /// Seconds the link needs for `bytes` (each transfer also sends a 9-byte command).
    private func expected(_ bytes: Int, transfers: Int) -> Double {
        Double(bytes + 9 * transfers) * 8 / Double(bitsPerSecond)
    }

    /// Sends 5 MiB up from each of `sources` at the same time over one link.
    /// - Returns: each transfer's seconds, from its first byte sent to the peer's ack.
    private func uploadAtOnce(from sources: [String]) throws -> [Double] {
        let peer = try BulkPeer()
        let profile = LinkProfile(upBitsPerSecond: bitsPerSecond, downBitsPerSecond: nil, roundTripNanoseconds: 0)
        let link = try LinkEmulator(name: "shared", targetHost: "127.0.0.1", targetPort: peer.port, profile: profile)
        defer { link.shutdown() }
        let fds = try sources.map { try LoopbackSockets.connect(link.port, from: $0) }
        defer { fds.forEach { close($0) } }
        let body = [UInt8](repeating: 1, count: fiveMiB)
        let header = command("S", fiveMiB)
        let durations = Durations(count: fds.count)
        let group = DispatchGroup()
        for (index, fd) in fds.enumerated() {
            group.enter()
            Thread.detachNewThread {
                let elapsed = seconds {
                    _ = sendAll(fd, header)
                    _ = sendAll(fd, body)
                    _ = receiveExactly(fd, 1)
                }
                durations.values.withLock { $0[index] = elapsed }
                group.leave()
            }
        }
        group.wait()
        return durations.values.withLock { $0 }
    }

    @Test func twoTransfersFromOneAddressShareTheLink() throws {
        let shared = expected(2 * fiveMiB, transfers: 2)
        let measured = try measureUpToThreeTimes({ try uploadAtOnce(from: ["127.77.0.1", "127.77.0.1"]) }, until: { times in
            // Interleaved in window-sized turns, neither finishes much before the other.
            abs((times.max() ?? 0) - shared) / shared < 0.10 && times.allSatisfy { $0 > shared * 0.8 }
        })
        #expect(measured.passed, "took \(measured.runs) s, expected about \(shared) s for each of both")
    }

    @Test func transfersFromDifferentAddressesEachGetTheWholeLink() throws {
        let alone = expected(fiveMiB, transfers: 1)
        let measured = try measureUpToThreeTimes({ try uploadAtOnce(from: ["127.77.0.1", "127.77.0.2"]) }, until: { times in
            times.allSatisfy { abs($0 - alone) / alone < 0.10 }
        })
        #expect(measured.passed, "took \(measured.runs) s, expected \(alone) s each")
    }
}
