// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Foundation
import Glibc
import MockS3
import Testing

/// An S3 request that makes no progress for `upstreamIdleTimeout` fails with
/// 504 `UpstreamTimeout` and its connection is closed.
@Suite(.serialized) struct UpstreamTimeoutTests {
    /// A listener that completes TCP handshakes and never reads: an S3 that
    /// hangs mid-body, which the mock (it always reads) cannot play.
    final class BlackHole {
        let fd: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(fd, pointer, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, pointer, &length) == 0
                }
            }
            self.fd = fd
            port = Int(UInt16(bigEndian: address.sin_port))
            try #require(bound)
        }

        deinit { close(fd) }
    }

    @Test(arguments: [ProxyMode.stream, .buffer])
    func anUploadIntoAHangingS3FailsWith504(mode: ProxyMode) throws {
        let hole = try BlackHole()
        let fixture = try AppFixture {
            $0.mode = mode
            $0.endpoint = S3Endpoint(host: "127.0.0.1", port: hole.port)
            $0.upstreamIdleTimeout = .milliseconds(300)
        }
        let file = try TestFile(size: 48 * mebibyte)
        let answer = try curl(["-T", file.path, fixture.url("/upload/hang.bin")])
        #expect(answer.status == 504)
        #expect(answer.body.contains("\"error\":\"UpstreamTimeout\""))
        #expect(fixture.app.snapshot().errors["s3:UpstreamTimeout"] == 1)
        #expect(try curl([fixture.url("/healthz")]).status == 200)
    }

    @Test func aSlowAnswerToConfirmFailsWith504() throws {
        let fixture = try AppFixture { $0.upstreamIdleTimeout = .milliseconds(300) }
        var faults = Faults()
        faults.latency = .seconds(2)
        fixture.s3.setFaults(faults)
        let answer = try postJSON(fixture, "/uploads/confirm", #"{"key":"uploads/none.bin"}"#)
        #expect(answer.status == 504, "\(answer.body)")
        #expect(answer.body.contains("UpstreamTimeout"))
    }
}
