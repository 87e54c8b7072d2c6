// SPDX-License-Identifier: Apache-2.0

import Foundation
import FoundationXML
import Glibc
@testable import MockS3
import Testing

/// Hostile input over real sockets while a well-behaved client keeps being served.
@Suite(.serialized) struct HostileInputTests {
    /// A blocking loopback client socket with a receive timeout.
    private final class RawClient {
        let fd: Int32

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            // Only bounds a failing test: every read returns once its answer is in,
            // and a loaded machine can stall the server for seconds.
            var timeout = timeval(tv_sec: 30, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard status == 0 else { throw CocoaError(.fileReadUnknown) }
        }

        deinit { close(fd) }

        func send(_ bytes: [UInt8]) {
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard sent > 0 else { return }
                offset += sent
            }
        }

        func send(_ text: String) { send(Array(text.utf8)) }

        /// Reads until `marker` appears, the peer closes, or the timeout passes.
        func read(until marker: String = "\r\n\r\n") -> String {
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { break }
                received += buffer[..<count]
                let text = String(decoding: received, as: UTF8.self)
                if let range = text.range(of: marker), text[range.upperBound...].contains("</Error>") || !text.contains("<Error>") {
                    if marker == "\r\n\r\n", let length = contentLength(text), text.utf8.count >= text.distance(from: text.startIndex, to: range.upperBound) + length {
                        return text
                    }
                    if marker != "\r\n\r\n" { return text }
                }
            }
            return String(decoding: received, as: UTF8.self)
        }

        private func contentLength(_ text: String) -> Int? {
            guard let line = text.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }) else { return nil }
            return Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces))
        }
    }

    /// A mock S3 that takes unsigned requests, with the fixture bucket, listening.
    private func startUnsignedServer(_ adjust: (inout MockS3Server.Configuration) -> Void = { _ in }) throws
        -> (server: MockS3Server, port: Int) {
        var configuration = MockS3Server.Configuration()
        configuration.requireSignatures = false
        adjust(&configuration)
        let server = try MockS3Server(configuration: configuration)
        try server.createBucket(Fixture.bucket)
        return (server, try server.start())
    }

    private func goodPut(_ port: Int, key: String) throws -> String {
        let client = try RawClient(port: port)
        client.send("PUT /example-bucket/\(key) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello")
        return client.read()
    }

    @Test func garbageHugeHeadersOverlongBodiesAndIdleConnectionsDoNotStopAGoodClient() throws {
        let (server, port) = try startUnsignedServer()
        defer { server.shutdown(gracePeriod: .milliseconds(100)) }

        let idle = try (0..<1000).map { _ in try RawClient(port: port) }
        #expect(try goodPut(port, key: "after-idle").hasPrefix("HTTP/1.1 200"))

        let garbage = try RawClient(port: port)
        garbage.send("\u{1}\u{2}GARBAGE /// nonsense\r\n\r\n")
        #expect(garbage.read().hasPrefix("HTTP/1.1 400"))

        let huge = try RawClient(port: port)
        huge.send("PUT /example-bucket/huge HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + String(repeating: "a", count: 1 << 20) + "\r\n\r\n")
        let hugeAnswer = huge.read()
        #expect(hugeAnswer.hasPrefix("HTTP/1.1 431") || hugeAnswer.hasPrefix("HTTP/1.1 400") || hugeAnswer.isEmpty)

        // The 5 declared bytes are the body; what follows is parsed as the next request and refused.
        let overlong = try RawClient(port: port)
        overlong.send("PUT /example-bucket/overlong HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhelloEXTRA BYTES THAT ARE NOT HTTP\r\n\r\n")
        let answers = overlong.read(until: "HTTP/1.1 400")
        #expect(answers.hasPrefix("HTTP/1.1 200"))
        #expect(server.object(bucket: Fixture.bucket, key: "overlong")?.size == 5)

        #expect(try goodPut(port, key: "after-hostile").hasPrefix("HTTP/1.1 200"))
        #expect(server.object(bucket: Fixture.bucket, key: "huge") == nil)
        #expect(idle.count == 1000)
        #expect(server.httpStatistics().peakOpenConnections >= 1000)
    }

    // FC-25 over a real socket: the HTTP core frames `Content-Length: 0` like a request without
    // a body, and only the missing header must be refused.
    @Test func zeroByteObjectsWithAnExplicitLengthAreStoredOverARealSocket() throws {
        let (server, port) = try startUnsignedServer()
        defer { server.shutdown(gracePeriod: .milliseconds(100)) }

        let empty = try RawClient(port: port)
        empty.send("PUT /example-bucket/empty HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
        let answer = empty.read()
        #expect(answer.hasPrefix("HTTP/1.1 200"))
        #expect(answer.contains("ETag: \"d41d8cd98f00b204e9800998ecf8427e\""))
        #expect(server.object(bucket: Fixture.bucket, key: "empty")?.size == 0)

        let unframed = try RawClient(port: port)
        unframed.send("PUT /example-bucket/unframed HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let refused = unframed.read()
        #expect(refused.hasPrefix("HTTP/1.1 411") && refused.contains("<Code>MissingContentLength</Code>"))
        #expect(server.object(bucket: Fixture.bucket, key: "unframed") == nil)
    }

    @Test func anOpenRangeFromTheObjectsEndIsUnsatisfiable() throws {
        let (server, port) = try startUnsignedServer()
        defer { server.shutdown(gracePeriod: .milliseconds(100)) }
        #expect(try goodPut(port, key: "five").hasPrefix("HTTP/1.1 200"))

        func get(_ range: String) throws -> String {
            let client = try RawClient(port: port)
            client.send("GET /example-bucket/five HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: \(range)\r\n\r\n")
            return client.read()
        }
        // The object is "hello" (5 bytes): a range starting at 5 or later has no byte to send.
        for range in ["bytes=5-", "bytes=999-", "bytes=5-9"] {
            let refused = try get(range)
            #expect(refused.hasPrefix("HTTP/1.1 416") && refused.contains("<Code>InvalidRange</Code>"), "\(range): \(refused)")
        }
        let tail = try get("bytes=4-")
        #expect(tail.hasPrefix("HTTP/1.1 206") && tail.contains("Content-Range: bytes 4-4/5") && tail.hasSuffix("o"))
    }

    // The hashing cost a report shows: with MD5 off and no Content-MD5, no byte is hashed with MD5.
    @Test(arguments: [false, true]) func md5HashedBytesFollowTheMD5Setting(md5: Bool) throws {
        let (server, port) = try startUnsignedServer { $0.md5 = md5 }
        defer { server.shutdown(gracePeriod: .milliseconds(100)) }
        #expect(try goodPut(port, key: "hashed").hasPrefix("HTTP/1.1 200"))
        #expect(server.stats().md5Bytes == (md5 ? 5 : 0))
    }

    @Test func injectedFaultsAreDrawnFromTheSeedAndCounted() throws {
        var configuration = MockS3Server.Configuration()
        configuration.requireSignatures = false
        var faults = Faults()
        faults.slowDownRate = 0.5
        faults.seed = 42
        configuration.faults = faults
        let server = try MockS3Server(configuration: configuration)
        try server.createBucket(Fixture.bucket)
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .milliseconds(100)) }
        var statuses: [String] = []
        for index in 0..<20 {
            statuses.append(String(try goodPut(port, key: "k\(index)").prefix(12)))
        }
        let slowDowns = statuses.filter { $0 == "HTTP/1.1 503" }.count
        #expect(slowDowns > 0 && slowDowns < 20)
        #expect(server.stats().errors["SlowDown"] == slowDowns)
        #expect(server.stats().faultsInjected["SlowDown"] == slowDowns)

        // The same seed gives the same sequence.
        server.setFaults(faults)
        var again: [String] = []
        for index in 0..<20 {
            again.append(String(try goodPut(port, key: "k\(index)").prefix(12)))
        }
        #expect(again == statuses)

        var reset = Faults()
        reset.resetRate = 1
        reset.resetAfterBytes = 2
        server.setFaults(reset)
        let client = try RawClient(port: port)
        client.send("PUT /example-bucket/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello")
        #expect(client.read().isEmpty)
        #expect(server.object(bucket: Fixture.bucket, key: "reset") == nil)
    }

    // A key decoding to characters XML 1.0 has no form for still gets an error
    // body every parser reads: they stand as U+FFFD in <Resource>.
    @Test(arguments: ["%00", "%01", "%1F", "%EF%BF%BE"])
    func errorBodiesStayWellFormedXMLForKeysWithControlCharacters(escape: String) throws {
        let server = try MockS3Server(configuration: MockS3Server.Configuration())
        try server.createBucket(Fixture.bucket)
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .milliseconds(100)) }
        let client = try RawClient(port: port)
        client.send("GET /example-bucket/a\(escape)b%0D%26 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let answer = client.read()
        let body = try #require(answer.range(of: "\r\n\r\n").map { answer[$0.upperBound...] })
        #expect(answer.hasPrefix("HTTP/1.1 4"), "\(answer)")
        let parser = XMLParser(data: Data(body.utf8))
        let collector = ElementText()
        parser.delegate = collector
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? ""): \(body)")
        #expect(collector.text["Resource"] == "/example-bucket/a\u{FFFD}b\r&")
    }

    /// A client that shuts down its sending side part-way through a body still reads:
    /// it gets S3's 400 IncompleteBody (it got a bare close), and nothing is stored.
    @Test func aBodyEndedEarlyIsAnsweredIncompleteBody() throws {
        let (server, port) = try startUnsignedServer()
        defer { server.shutdown(gracePeriod: .milliseconds(100)) }

        let framed = try RawClient(port: port)
        framed.send("PUT /example-bucket/short HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n")
        framed.send([UInt8](repeating: 0x61, count: 40))
        shutdown(framed.fd, Int32(SHUT_WR))
        let answer = framed.read()
        #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
        #expect(answer.contains("<Code>IncompleteBody</Code>"))
        #expect(answer.contains("<NumberBytesExpected>100</NumberBytesExpected>"))
        #expect(answer.contains("<NumberBytesProvided>40</NumberBytesProvided>"))
        #expect(answer.contains("Connection: close"))

        let chunked = try RawClient(port: port)
        // PUT refuses chunked framing (501, as S3); an XML body such as DeleteObjects' takes it.
        chunked.send("POST /example-bucket/?delete HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     + "Content-MD5: 1B2M2Y8AsgTpgAmY7PhCfg==\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n<Delete>\r\n")
        shutdown(chunked.fd, Int32(SHUT_WR))
        let chunkedAnswer = chunked.read()
        #expect(chunkedAnswer.hasPrefix("HTTP/1.1 400"), "\(chunkedAnswer)")
        #expect(chunkedAnswer.contains("<Code>IncompleteBody</Code>"))

        #expect(server.object(bucket: Fixture.bucket, key: "short") == nil)
        #expect(server.stats().errors["IncompleteBody"] == 2, "\(server.stats().errors)")
        #expect(try goodPut(port, key: "after").hasPrefix("HTTP/1.1 200"))
    }
}

/// The text of each element a parser read, by element name.
private final class ElementText: NSObject, XMLParserDelegate {
    var text: [String: String] = [:]
    private var current: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        current = name
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let current { text[current, default: ""] += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        current = nil
    }
}
