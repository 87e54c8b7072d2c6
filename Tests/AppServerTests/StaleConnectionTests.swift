// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Digest
import Foundation
import Glibc
import Synchronization
import Testing

/// A keep-alive connection S3 closed while it sat idle in the pool fails the
/// next request before any answer; the app sends that request again on a
/// fresh connection instead of failing the upload.
@Suite(.serialized) struct StaleConnectionTests {
    /// An S3 stand-in on blocking sockets: it answers the first request on its
    /// first connection, closes that connection when the second request
    /// arrives (as a server closing an idle connection does), and answers
    /// everything on later connections, recording the bodies.
    final class ClosingS3: Sendable {
        let port: Int
        private let fd: Int32
        private let bodies = Mutex<[[UInt8]]>([])

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
            Thread { [self] in serve() }.start()
        }

        deinit { close(fd) }

        /// Bodies of the requests that were answered, in order.
        var answeredBodies: [[UInt8]] { bodies.withLock { $0 } }

        private func serve() {
            var first = true
            while true {
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { return }
                var reader = Reader(fd: connection)
                var answered = 0
                while let body = reader.nextRequest() {
                    if first && answered == 1 { break }
                    bodies.withLock { $0.append(body) }
                    let etag = Encoding.hex(Hash.md5(body))
                    let answer = "HTTP/1.1 200 OK\r\nETag: \"\(etag)\"\r\nContent-Length: 0\r\n\r\n"
                    _ = answer.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                    answered += 1
                }
                first = false
                close(connection)
            }
        }

        /// Reads request heads and their Content-Length bodies from one connection.
        struct Reader {
            let fd: Int32
            var buffer: [UInt8] = []

            mutating func nextRequest() -> [UInt8]? {
                while true {
                    if let end = buffer.firstRange(of: [13, 10, 13, 10]) {
                        let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).lowercased()
                        let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                            .flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) } ?? 0
                        if buffer.count >= end.upperBound + length {
                            let body = Array(buffer[end.upperBound..<(end.upperBound + length)])
                            buffer.removeFirst(end.upperBound + length)
                            return body
                        }
                    }
                    var chunk = [UInt8](repeating: 0, count: 65_536)
                    let got = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                    guard got > 0 else { return nil }
                    buffer += chunk[0..<got]
                }
            }
        }
    }

    @Test func aBufferedUploadOnAStaleConnectionIsSentAgainWhole() throws {
        let s3 = try ClosingS3()
        let fixture = try AppFixture {
            $0.mode = .buffer
            $0.threads = 1
            $0.endpoint = S3Endpoint(host: "127.0.0.1", port: s3.port)
        }
        let confirmed = try postJSON(fixture, "/uploads/confirm", #"{"key":"uploads/first.bin"}"#)
        #expect(confirmed.status == 200, "\(confirmed.body)")
        let file = try TestFile(size: 300_000)
        let put = try curl(["-T", file.path, fixture.url("/upload/second.bin")])
        #expect(put.status == 200, "\(put.body)")
        #expect(s3.answeredBodies.count == 2)
        #expect(s3.answeredBodies.last.map { Encoding.hex(Hash.md5($0)) } == file.md5Hex)
        #expect(fixture.app.snapshot().errors["s3:stale_connection_retried"] == 1)
    }
}
