// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
@testable import NetworkModel
import Testing

/// Why this machine cannot shape bandwidth in the kernel, or nil (then the suite runs).
private let bandwidthUnavailable = KernelShapingProbe.unavailableReason(needsDelay: false)

/// Kernel shaping on real veth pairs between namespaces: needs root, iproute2 and tbf.
@Suite(.disabled(if: bandwidthUnavailable != nil, "needs root (or CAP_NET_ADMIN), ip, tc and the tbf qdisc"))
struct KernelNetworkTests {
    private static let megabit: UInt64 = 1_000_000

    @Test func tenMiBUpAt100MbitAndFiveMiBDownAt50MbitTakeTheExpectedTime() throws {
        let link = LinkProfile(upBitsPerSecond: 100 * Self.megabit, downBitsPerSecond: 50 * Self.megabit, roundTripNanoseconds: 0)
        let network = try KernelNetwork(label: "kernel-bandwidth-test", clientApp: link, appS3: .loopback, clientS3: .loopback)
        defer { network.shutdown() }
        let up = 10 * 1_048_576
        let down = 5 * 1_048_576
        // Listening inside the app namespace; accepting from any thread keeps it there.
        let listener = try network.app.run { try listeningSocket() }
        defer { close(listener.fd) }
        Thread.detachNewThread {
            let connection = accept(listener.fd, nil, nil)
            guard connection >= 0 else { return }
            defer { close(connection) }
            _ = receiveUntilClosed(connection)
            _ = sendAll(connection, [UInt8](repeating: 0x5A, count: down))
        }

        let client = try connected(to: network.appAddress, port: listener.port)
        defer { close(client) }
        let start = Date()
        #expect(sendAll(client, [UInt8](repeating: 0x5A, count: up)))
        shutdown(client, Int32(SHUT_WR))
        var first = Date()
        let received = receiveUntilClosed(client) { first = Date() }
        let end = Date()

        #expect(received == down)
        // tbf counts whole frames: headers add about 4.5% at a 1500-byte MTU.
        let expectedUp = Double(up * 8) / Double(100 * Self.megabit)
        let expectedDown = Double(down * 8) / Double(50 * Self.megabit)
        let upSeconds = first.timeIntervalSince(start)
        let downSeconds = end.timeIntervalSince(first)
        #expect(abs(upSeconds - expectedUp) <= expectedUp * 0.1, "up: \(upSeconds) s, expected \(expectedUp) s")
        #expect(abs(downSeconds - expectedDown) <= expectedDown * 0.1, "down: \(downSeconds) s, expected \(expectedDown) s")
    }

    @Test func shutdownDeletesBothNamespaces() throws {
        let label = "kernel-teardown-test"
        let network = try KernelNetwork(label: label, clientApp: .loopback, appS3: .loopback, clientS3: .loopback)
        #expect(KernelNetwork.namespaces(labelled: label).sorted() == [network.app.name, network.s3.name].sorted())
        // The app namespace reaches S3 over their own link.
        let listener = try network.s3.run { try listeningSocket() }
        defer { close(listener.fd) }
        let address = network.s3AddressForApp
        close(try network.app.run { try connected(to: address, port: listener.port) })

        network.shutdown()
        #expect(KernelNetwork.namespaces(labelled: label).isEmpty)
    }

    @Test func onlyNamespacesNamedByThisModuleHaveAnOwner() {
        #expect(StaleNamespaces.owner(of: "ub-4242-3-quick-app") == 4242)
        #expect(StaleNamespaces.owner(of: "ub-oracle-4242") == nil)
        #expect(StaleNamespaces.owner(of: "blue-1-2-3") == nil)
    }

    @Test func delayPutsNetemAboveTbfAndBandwidthAloneUsesTbf() {
        let profile = LinkProfile(
            upBitsPerSecond: 50 * Self.megabit, downBitsPerSecond: nil,
            roundTripNanoseconds: 40_000_000, jitterNanoseconds: 4_000_000
        )
        #expect(EgressShape(profile, up: true).tcCommands(device: "d") == [
            ["qdisc", "add", "dev", "d", "root", "handle", "1:", "netem", "delay", "20000us", "4000us", "limit", "100000"],
            ["qdisc", "add", "dev", "d", "parent", "1:1", "handle", "10:", "tbf", "rate", "50000000bit",
             "burst", "25000", "latency", "90ms"],
        ])
        #expect(EgressShape(profile, up: false).tcCommands(device: "d").map { $0[7] } == ["netem"])
        let plain = LinkProfile(upBitsPerSecond: 10 * Self.megabit, downBitsPerSecond: nil, roundTripNanoseconds: 0)
        #expect(EgressShape(plain, up: true).tcCommands(device: "d") == [
            ["qdisc", "add", "dev", "d", "root", "tbf", "rate", "10000000bit", "burst", "16384", "latency", "50ms"],
        ])
        #expect(EgressShape(plain, up: false).tcCommands(device: "d").isEmpty)
    }
}

/// A blocking listening socket on every address of the calling thread's namespace, any port.
private func listeningSocket() throws -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    try #require(fd >= 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    try #require(bound)
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// A blocking connection from the calling thread's namespace.
private func connected(to host: String, port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr(host)
    let status = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard status == 0 else {
        let error = errno
        close(fd)
        throw POSIXError(POSIXErrorCode(rawValue: error) ?? .EIO)
    }
    return fd
}

/// Reads until the peer closes; `firstBytes` runs when the first bytes arrive.
private func receiveUntilClosed(_ fd: Int32, firstBytes: () -> Void = {}) -> Int {
    var buffer = [UInt8](repeating: 0, count: 65_536)
    var total = 0
    while true {
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return total }
        if total == 0 { firstBytes() }
        total += count
    }
}
