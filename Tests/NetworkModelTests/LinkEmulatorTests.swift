// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import HTTPCore
import Metrics
import NetworkModel
import Testing

/// A blocking loopback peer for the emulator tests: each connection reads a
/// 9-byte command (`S` + count to receive then ack, or `G` + count to send).
private final class BulkPeer: @unchecked Sendable {
    // The listening socket is only read after init; each connection runs on its own thread.
    let port: Int
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        listen(fd, 64)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        let listener = fd
        try #require(listener >= 0)
        Thread.detachNewThread {
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                Thread.detachNewThread { BulkPeer.serve(connection) }
            }
        }
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private static func serve(_ connection: Int32) {
        defer { close(connection) }
        while let command = receiveExactly(connection, 9) {
            let count = command[1...].reduce(0) { $0 << 8 | Int($1) }
            if command[0] == UInt8(ascii: "S") {
                guard drain(connection, count) else { return }
                _ = sendAll(connection, [UInt8(ascii: "K")])
            } else {
                _ = sendAll(connection, [UInt8](repeating: 7, count: count))
            }
        }
    }
}

private func command(_ kind: Character, _ count: Int) -> [UInt8] {
    [UInt8(ascii: kind.unicodeScalars.first!)] + (0..<8).reversed().map { UInt8(truncatingIfNeeded: count >> ($0 * 8)) }
}

private func receiveExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
    var buffer = [UInt8](repeating: 0, count: count)
    var offset = 0
    while offset < count {
        let received = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + offset, count - offset, 0) }
        guard received > 0 else { return nil }
        offset += received
    }
    return buffer
}

private func drain(_ fd: Int32, _ count: Int) -> Bool {
    var buffer = [UInt8](repeating: 0, count: 65536)
    var remaining = count
    while remaining > 0 {
        let received = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, min(remaining, 65536), 0) }
        guard received > 0 else { return false }
        remaining -= received
    }
    return true
}

private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
        guard sent > 0 else { return false }
        offset += sent
    }
    return true
}

private func connectLoopback(_ port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let status = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    try #require(status == 0)
    return fd
}

/// Seconds taken by `work`.
private func seconds(_ work: () throws -> Void) rethrows -> Double {
    let start = MonotonicClock.nanoseconds
    try work()
    return Double(MonotonicClock.nanoseconds - start) / 1e9
}

@Suite(.serialized) struct LinkEmulatorTests {
    let tenMiB = 10 * 1024 * 1024

    @Test func tenMiBUpOverA100MbitLinkTakesTheExpectedTime() throws {
        let peer = try BulkPeer()
        let profile = LinkProfile(upBitsPerSecond: 100_000_000, downBitsPerSecond: nil, roundTripNanoseconds: 0)
        let link = try LinkEmulator(name: "up", targetHost: "127.0.0.1", targetPort: peer.port, profile: profile)
        defer { link.shutdown() }
        let fd = try connectLoopback(link.port)
        defer { close(fd) }
        let body = [UInt8](repeating: 1, count: tenMiB)
        let elapsed = seconds {
            _ = sendAll(fd, command("S", tenMiB))
            _ = sendAll(fd, body)
            _ = receiveExactly(fd, 1)
        }
        let expected = Double(tenMiB + 9) * 8 / 100_000_000
        #expect(abs(elapsed - expected) / expected < 0.10, "took \(elapsed) s, expected \(expected) s")
    }

    @Test func tenMiBDownOverA100MbitLinkTakesTheExpectedTime() throws {
        let peer = try BulkPeer()
        let profile = LinkProfile(upBitsPerSecond: nil, downBitsPerSecond: 100_000_000, roundTripNanoseconds: 0)
        let link = try LinkEmulator(name: "down", targetHost: "127.0.0.1", targetPort: peer.port, profile: profile)
        defer { link.shutdown() }
        let fd = try connectLoopback(link.port)
        defer { close(fd) }
        var received: [UInt8]?
        let elapsed = seconds {
            _ = sendAll(fd, command("G", tenMiB))
            received = receiveExactly(fd, tenMiB)
        }
        #expect(received?.allSatisfy { $0 == 7 } == true)
        let expected = Double(tenMiB) * 8 / 100_000_000
        #expect(abs(elapsed - expected) / expected < 0.10, "took \(elapsed) s, expected \(expected) s")
    }

    @Test func aRequestOverA40msLinkTakesAtLeast40msMoreThanOverLoopback() throws {
        let peer = try BulkPeer()
        let profile = LinkProfile(upBitsPerSecond: nil, downBitsPerSecond: nil, roundTripNanoseconds: 40_000_000)
        let link = try LinkEmulator(name: "rtt", targetHost: "127.0.0.1", targetPort: peer.port, profile: profile)
        defer { link.shutdown() }

        func exchange(port: Int) throws -> (first: Double, second: Double) {
            let fd = try connectLoopback(port)
            defer { close(fd) }
            // The first exchange also pays the emulated handshake; the second is one round trip.
            let first = seconds {
                _ = sendAll(fd, command("G", 1))
                _ = receiveExactly(fd, 1)
            }
            let second = seconds {
                _ = sendAll(fd, command("S", 1) + [0])
                _ = receiveExactly(fd, 1)
            }
            return (first, second)
        }

        let direct = try exchange(port: peer.port)
        let emulated = try exchange(port: link.port)
        #expect(emulated.second - direct.second >= 0.040, "added \(emulated.second - direct.second) s per request")
        #expect(emulated.first - direct.first >= 0.080, "added \(emulated.first - direct.first) s with set-up")
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
        let fd = try connectLoopback(link.port)
        defer { close(fd) }
        _ = sendAll(fd, command("G", 1_000_000))
        let received = receiveExactly(fd, 1_000_000)
        #expect(received?.count == 1_000_000)
        #expect(received?.allSatisfy { $0 == 7 } == true)
        #expect(cpu.nanoseconds(for: LinkEmulator.cpuComponent) > 0)
    }
}
