// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import HTTPCore
import Metrics
import NetworkModel
import Synchronization
import TestSupport
import Testing

/// A client that resets its connection while the server is still busy must
/// not leave the relay spinning on the hang-up that epoll keeps reporting.
@Suite struct HangUpTests {
    @Test func aResetClientDoesNotKeepTheRelayBusy() throws {
        let server = try HoldingServer(holdSeconds: 2)
        let cpu = ComponentCPU()
        let link = try LinkEmulator(
            name: "hangup", targetHost: "127.0.0.1", targetPort: server.port,
            profile: LinkProfile(upBitsPerSecond: 100_000_000, downBitsPerSecond: 100_000_000, roundTripNanoseconds: 2_000_000),
            cpu: cpu
        )
        defer { link.shutdown() }

        let fd = try LoopbackSockets.connect(link.port)
        #expect(sendAll(fd, [UInt8](repeating: 1, count: 4096)))
        // Linger 0: close sends a reset, as a crashed or killed client does.
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(fd)

        // The relay still hands the bytes sent before the reset to the server.
        #expect(server.waitForEnd(timeoutSeconds: 5) == 4096)
        let before = cpu.nanoseconds(for: LinkEmulator.cpuComponent)
        Thread.sleep(forTimeInterval: 1)
        let busy = Double(cpu.nanoseconds(for: LinkEmulator.cpuComponent) - before) / 1e9
        // Spinning on the hang-up burns the whole second; an idle relay uses next to nothing.
        #expect(busy < 0.2, "the relay thread used \(busy) CPU-s in 1 s after the client's reset")
    }
}

/// Accepts one connection, reads it to its end, then keeps it open for a
/// while, like a server still working on a request.
private final class HoldingServer: Sendable {
    let port: Int
    private let received = Mutex<Int?>(nil)

    init(holdSeconds: Double) throws {
        let (listener, port) = try LoopbackSockets.listen(backlog: 4)
        self.port = port
        Thread.detachNewThread { [self] in
            let connection = accept(listener, nil, nil)
            close(listener)
            guard connection >= 0 else { return }
            var total = 0
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { break }
                total += count
            }
            received.withLock { $0 = total }
            Thread.sleep(forTimeInterval: holdSeconds)
            close(connection)
        }
    }

    /// Bytes read before the connection ended, or nil if it did not end in time.
    func waitForEnd(timeoutSeconds: Double) -> Int? {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            if let total = received.withLock({ $0 }) { return total }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return nil
    }
}
