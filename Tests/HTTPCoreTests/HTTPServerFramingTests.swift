// SPDX-License-Identifier: Apache-2.0

import Foundation
@testable import HTTPCore
import Testing

@Suite("HTTP server: strict framing and limits")
struct HTTPServerFramingTests {
    /// A raw request and the status the server must answer it with, closing the connection.
    static let rejections: [(String, String, Int)] = [
        ("Content-Length with Transfer-Encoding",
         "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("differing duplicate Content-Length",
         "PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
        ("differing Content-Length list", "PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 4\r\n\r\nabcd", 400),
        ("negative Content-Length", "PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400),
        ("signed Content-Length", "PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc", 400),
        ("hex Content-Length", "PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x3\r\n\r\nabc", 400),
        ("empty Content-Length", "PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: \r\n\r\n", 400),
        ("overflowing Content-Length", "PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n", 400),
        ("gzip transfer coding", "PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
        ("gzip before chunked", "PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
        ("chunked twice", "PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400),
        ("chunked not last", "PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
        ("Transfer-Encoding in HTTP/1.0", "PUT / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n", 400),
        ("bare CR in a value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: o\rne\r\n\r\n", 400),
        ("bare LF line ending", "GET / HTTP/1.1\r\nHost: h\nX-A: one\r\n\r\n", 400),
        ("whitespace before colon", "GET / HTTP/1.1\r\nHost: h\r\nX-A : one\r\n\r\n", 400),
        ("invalid name byte", "GET / HTTP/1.1\r\nHost: h\r\nX(A): one\r\n\r\n", 400),
        ("empty name", "GET / HTTP/1.1\r\nHost: h\r\n: one\r\n\r\n", 400),
        ("NUL in a value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: o\u{0}ne\r\n\r\n", 400),
        ("missing Host", "GET / HTTP/1.1\r\nX-A: one\r\n\r\n", 400),
        ("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("unknown expectation", "PUT / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx", 417),
        ("HTTP/2.0 request line", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
        ("lowercase version", "GET / http/1.1\r\nHost: h\r\n\r\n", 400),
        ("two spaces in the request line", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("space in the target", "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("garbage request line", "\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}", 400),
        ("request line without version", "GET /\r\nHost: h\r\n\r\n", 400),
        ("bad chunk size", "PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400),
        ("chunk without CRLF after data", "PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n", 400),
        ("chunk size line too long", "PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;" + String(repeating: "e", count: 5000) + "\r\nabc\r\n0\r\n\r\n", 400),
        ("chunk size overflow", "PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n", 400),
    ]

    @Test("malformed and ambiguous requests get their status and a closed connection", arguments: 0..<rejections.count)
    func rejection(index: Int) throws {
        let (name, request, status) = Self.rejections[index]
        let recorder = Recorder()
        try withServer(EchoResponder(recorder: recorder)) { server, port in
            let client = try RawClient(port: port)
            client.send(request)
            let response = try #require(client.readResponse(), "\(name)")
            #expect(response.status == status, "\(name)")
            #expect(response.headers["Connection"] == "close", "\(name)")
            #expect(client.isClosedByPeer(), "\(name)")
            #expect(server.statistics().errorsByStatus[status] == 1, "\(name)")
        }
        // A malformed chunked body reaches the handler's receiveError; nothing else is delivered.
        #expect(recorder.bodies.withLock { $0.isEmpty }, "\(name)")
    }

    @Test("identical duplicate Content-Length values are accepted")
    func identicalContentLengths() throws {
        try withServer(EchoResponder()) { _, port in
            let client = try RawClient(port: port)
            client.send("PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\ncontent-length: 3, 3\r\n\r\nabc")
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(response.text == "abc")
        }
    }

    @Test("a request line over 8 KiB gets 414")
    func longRequestLine() throws {
        try withServer(EchoResponder()) { _, port in
            let client = try RawClient(port: port)
            client.send("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(client.readResponse()?.status == 414)
        }
    }

    @Test("heads over 16 KiB or with over 100 fields get 431")
    func largeHeads() throws {
        try withServer(EchoResponder()) { _, port in
            let big = try RawClient(port: port)
            big.send("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + String(repeating: "v", count: 17000) + "\r\n\r\n")
            #expect(big.readResponse()?.status == 431)

            let many = try RawClient(port: port)
            var request = "GET / HTTP/1.1\r\nHost: h\r\n"
            for index in 0..<100 { request += "X-\(index): v\r\n" }
            many.send(request + "\r\n")
            #expect(many.readResponse()?.status == 431)

            let fine = try RawClient(port: port)
            request = "GET / HTTP/1.1\r\nHost: h\r\n"
            for index in 0..<99 { request += "X-\(index): v\r\n" }
            fine.send(request + "\r\n")
            #expect(fine.readResponse()?.status == 200)
        }
    }

    @Test("1 MB of headers gets 431 and the connection closes without a reset losing the answer")
    func megabyteOfHeaders() throws {
        try withServer(EchoResponder()) { _, port in
            let client = try RawClient(port: port)
            var request = "GET / HTTP/1.1\r\nHost: h\r\n"
            while request.utf8.count < 1_000_000 { request += "X-Filler-\(request.utf8.count): " + String(repeating: "z", count: 100) + "\r\n" }
            client.send(request + "\r\n")
            #expect(client.readResponse()?.status == 431)
        }
    }

    @Test("a body longer than declared: the extra bytes are read as the next request")
    func bodyLongerThanDeclared() throws {
        let recorder = Recorder()
        try withServer(EchoResponder(recorder: recorder)) { _, port in
            let client = try RawClient(port: port)
            client.send("PUT /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGARBAGE GARBAGE\r\n\r\n")
            let first = try #require(client.readResponse())
            #expect(first.text == "abc")
            #expect(client.readResponse()?.status == 400)
            #expect(client.isClosedByPeer())
        }
        #expect(recorder.heads.withLock { $0 } == ["PUT /a"])
    }

    @Test("empty lines before a request line are ignored")
    func leadingEmptyLines() throws {
        try withServer(EchoResponder()) { _, port in
            let client = try RawClient(port: port)
            client.send("\r\nGET /e HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(client.readResponse()?.headers["x-target"] == "/e")
        }
    }
}
