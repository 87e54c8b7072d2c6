// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import HTTPCore
import Metrics
import NetworkModel
import TestSupport
import Testing

@Suite(.serialized) struct LinkEmulatorTests {
    let tenMiB = 10 * 1024 * 1024

    @Test func tenMiBUpOverA100MbitLinkTakesTheExpectedTime() throws {
        let peer = try BulkPeer()
        let profile = LinkProfile(upBitsPerSecond: 100_000_000, downBitsPerSecond: nil, roundTripNanoseconds: 0)
        let link = try LinkEmulator(name: "up", targetHost: "127.0.0.1", targetPort: peer.port, profile: profile)
        defer { link.shutdown() }
        let body = [UInt8](repeating: 1, count: tenMiB)
        let expected = Double(tenMiB + 9) * 8 / 100_000_000
        let measured = try measureUpToThreeTimes({
            let fd = try LoopbackSockets.connect(link.port)
            defer { close(fd) }
            return seconds {
                _ = sendAll(fd, command("S", tenMiB))
                _ = sendAll(fd, body)
                _ = receiveExactly(fd, 1)
            }
        }, until: { abs($0 - expected) / expected < 0.10 })
        #expect(measured.passed, "took \(measured.runs) s, expected \(expected) s")
    }

    @Test func tenMiBDownOverA100MbitLinkTakesTheExpectedTime() throws {
        let peer = try BulkPeer()
        let profile = LinkProfile(upBitsPerSecond: nil, downBitsPerSecond: 100_000_000, roundTripNanoseconds: 0)
        let link = try LinkEmulator(name: "down", targetHost: "127.0.0.1", targetPort: peer.port, profile: profile)
        defer { link.shutdown() }
        let expected = Double(tenMiB) * 8 / 100_000_000
        let measured = try measureUpToThreeTimes({
            let fd = try LoopbackSockets.connect(link.port)
            defer { close(fd) }
            var received: [UInt8]?
            let elapsed = seconds {
                _ = sendAll(fd, command("G", tenMiB))
                received = receiveExactly(fd, tenMiB)
            }
            #expect(received?.allSatisfy { $0 == 7 } == true)
            return elapsed
        }, until: { abs($0 - expected) / expected < 0.10 })
        #expect(measured.passed, "took \(measured.runs) s, expected \(expected) s")
    }


    @Test func aRequestOverA40msLinkTakesAtLeast40msMoreThanOverLoopback() throws {
        let peer = try BulkPeer()
        let profile = LinkProfile(upBitsPerSecond: nil, downBitsPerSecond: nil, roundTripNanoseconds: 40_000_000)
        let link = try LinkEmulator(name: "rtt", targetHost: "127.0.0.1", targetPort: peer.port, profile: profile)
        defer { link.shutdown() }

        func exchange(port: Int) throws -> (first: Double, second: Double) {
            // The first exchange also pays the emulated handshake, counted from
            // the connect call (the relay's clock starts when it accepts, which
            // is after the kernel's handshake); the second is one round trip.
            var fd: Int32 = -1
            let first = try seconds {
                fd = try LoopbackSockets.connect(port)
                _ = sendAll(fd, command("G", 1))
                _ = receiveExactly(fd, 1)
            }
            defer { close(fd) }
            // The fastest of a few, so a scheduling stall on this shared machine
            // in the direct path cannot hide the link's delay.
            let second = (0..<5).map { _ in
                seconds {
                    _ = sendAll(fd, command("S", 1) + [0])
                    _ = receiveExactly(fd, 1)
                }
            }.min() ?? .infinity
            return (first, second)
        }

        let direct = try exchange(port: peer.port)
        let emulated = try exchange(port: link.port)
        #expect(emulated.second - direct.second >= 0.040, "added \(emulated.second - direct.second) s per request")
        // Set-up and first request: two round trips at least, whatever the direct path costs.
        #expect(emulated.first >= 0.080, "a new connection's first request took \(emulated.first) s")
    }

    @Test func theRelayCountsAsNetworkCPUAndPassesBytesUnchanged() throws {
        let peer = try BulkPeer()
        let cpu = ComponentCPU()
        let link = try LinkEmulator(
            name: "cpu", targetHost: "127.0.0.1", targetPort: peer.port,
            profile: LinkProfile(upBitsPerSecond: 1_000_000_000, downBitsPerSecond: 1_000_000_000, roundTripNanoseconds: 2_000_000, jitterNanoseconds: 500_000),
            cpu: cpu
        )
        defer { link.shutdown() }
        let fd = try LoopbackSockets.connect(link.port)
        defer { close(fd) }
        _ = sendAll(fd, command("G", 1_000_000))
        let received = receiveExactly(fd, 1_000_000)
        #expect(received?.count == 1_000_000)
        #expect(received?.allSatisfy { $0 == 7 } == true)
        #expect(cpu.nanoseconds(for: LinkEmulator.cpuComponent) > 0)
    }
}
