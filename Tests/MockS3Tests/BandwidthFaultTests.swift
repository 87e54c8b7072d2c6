// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
@testable import MockS3
import Testing

/// The injected S3 bandwidth cap, over a real socket.
@Suite(.serialized) struct BandwidthFaultTests {
    // A 1,500-byte body fits in the socket buffers and arrives in one read; at 1,000 bytes
    // per second S3 cannot have stored it before 1.5 s. Only a lower bound is asserted:
    // a loaded machine can make the answer later, never earlier.
    @Test func aBodyThatArrivesInOneReadIsStillAnsweredNoSoonerThanTheCapAllows() throws {
        var configuration = MockS3Server.Configuration()
        configuration.requireSignatures = false
        var faults = Faults()
        faults.bandwidthBytesPerSecond = 1_000
        configuration.faults = faults
        let server = try MockS3Server(configuration: configuration)
        try server.createBucket(Fixture.bucket)
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .milliseconds(100)) }

        let started = ContinuousClock.now
        let answer = try exchange(
            port: port,
            "PUT /\(Fixture.bucket)/paced HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1500\r\n\r\n"
                + String(repeating: "x", count: 1_500))
        let elapsed = ContinuousClock.now - started
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        #expect(elapsed >= .milliseconds(1_500), "answered after \(elapsed)")
    }

    /// Sends `request` on a new connection and reads the answer's head.
    private func exchange(port: Int, _ request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(status == 0)
        let bytes = Array(request.utf8)
        try #require(bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
