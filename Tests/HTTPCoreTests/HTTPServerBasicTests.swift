// SPDX-License-Identifier: Apache-2.0

import Foundation
@testable import HTTPCore
import Testing

@Suite("HTTP server: messages, keep-alive, pipelining")
struct HTTPServerBasicTests {
    @Test("a GET is answered and the connection is kept alive")
    func keepAlive() throws {
        try withServer(EchoResponder()) { server, port in
            let client = try RawClient(port: port)
            for index in 0..<3 {
                client.send("GET /a\(index)?x=1 HTTP/1.1\r\nHost: h\r\n\r\n")
                let response = try #require(client.readResponse())
                #expect(response.status == 200)
                #expect(response.headers["x-target"] == "/a\(index)?x=1")
                #expect(response.headers["Connection"] == nil)
                #expect(response.headers["Date"] != nil)
            }
            #expect(server.statistics().requests == 3)
            #expect(server.statistics().connectionsAccepted == 1)
        }
    }

    @Test("a PUT body with Content-Length reaches the handler")
    func contentLengthBody() throws {
        try withServer(EchoResponder()) { _, port in
            let client = try RawClient(port: port)
            client.send("PUT /o HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world")
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(response.text == "hello world")
        }
    }

    @Test("several pipelined requests in one write are answered in order")
    func pipelining() throws {
        try withServer(EchoResponder()) { _, port in
            let client = try RawClient(port: port)
            var batch = ""
            for index in 0..<20 {
                batch += "PUT /p\(index) HTTP/1.1\r\nHost: h\r\nContent-Length: \(String(index).count)\r\n\r\n\(index)"
            }
            batch += "GET /last HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
            client.send(batch)
            for index in 0..<20 {
                let response = try #require(client.readResponse())
                #expect(response.headers["x-target"] == "/p\(index)")
                #expect(response.text == String(index))
            }
            let last = try #require(client.readResponse())
            #expect(last.headers["x-target"] == "/last")
            #expect(last.headers["Connection"] == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test("HTTP/1.0 closes by default and keeps alive when asked")
    func http10() throws {
        try withServer(EchoResponder()) { _, port in
            let client = try RawClient(port: port)
            client.send("GET /k HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let kept = try #require(client.readResponse())
            #expect(kept.headers["Connection"] == "keep-alive")
            client.send("GET /c HTTP/1.0\r\n\r\n")
            let closed = try #require(client.readResponse())
            #expect(closed.headers["Connection"] == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test("HEAD responses carry no body")
    func headResponse() throws {
        struct Responder: HTTPResponder {
            func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler {
                context.writeResponseHead(HTTPResponseHead(status: 200, headers: ["Content-Length": "5"]))
                context.writeBody(bytes("hello"))
                context.finishResponse()
                return TestHandler()
            }
        }
        try withServer(Responder()) { _, port in
            let client = try RawClient(port: port)
            client.send("HEAD /x HTTP/1.1\r\nHost: h\r\n\r\nGET /y HTTP/1.1\r\nHost: h\r\n\r\n")
            let head = try #require(client.readResponse(head: true))
            #expect(head.headers["Content-Length"] == "5")
            let get = try #require(client.readResponse())
            #expect(get.text == "hello")
        }
    }

    @Test("a response without a length is chunked for HTTP/1.1")
    func chunkedResponse() throws {
        struct Responder: HTTPResponder {
            func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler {
                context.writeResponseHead(HTTPResponseHead(status: 200))
                context.writeBody(bytes("abc"))
                context.writeBody(bytes("def"))
                context.finishResponse()
                return TestHandler()
            }
        }
        try withServer(Responder()) { _, port in
            let client = try RawClient(port: port)
            client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.headers["Transfer-Encoding"] == "chunked")
            #expect(response.text == "abcdef")
            client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(client.readResponse()?.text == "abcdef")
        }
    }
}
