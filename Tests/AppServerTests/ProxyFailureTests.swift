// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Foundation
import Glibc
import MockS3
import SigV4
import TestSupport
import Testing

/// Sends raw bytes on a fresh connection; returns what the server answered before closing.
func rawExchange(port: Int, _ request: [UInt8], thenWait seconds: Double = 0, closeEarly: Bool = false) -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    if seconds > 0 { usleep(UInt32(seconds * 1_000_000)) }
    if closeEarly { return "" }
    // Only bounds a failing test: a loaded machine can stall the server for seconds.
    var timeout = timeval(tv_sec: 60, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var answer: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if got <= 0 { break }
        answer += buffer[0..<got]
    }
    return String(decoding: answer, as: UTF8.self)
}

func putHead(_ key: String, length: Int?, extra: String = "") -> [UInt8] {
    let lengthField = length.map { "Content-Length: \($0)\r\n" } ?? ""
    return Array("PUT /upload/\(key) HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\(lengthField)\(extra)\r\n".utf8)
}

@Suite(.serialized) struct ProxyFailureTests {
    @Test(arguments: ProxyMode.allCases)
    func aClientThatSendsLessThanDeclaredLeavesNothing(mode: ProxyMode) throws {
        let fixture = try AppFixture { $0.mode = mode }
        let declared = 12 * mebibyte
        let sent = [UInt8](repeating: 7, count: 6 * mebibyte)
        _ = rawExchange(port: fixture.app.port, putHead("short.bin", length: declared) + sent, thenWait: 0.3, closeEarly: true)
        try waitUntil { fixture.app.snapshot().errors["client:connection_closed"] != nil }
        if mode == .multipart { try waitUntil { fixture.app.snapshot().multipartAborted == 1 } }
        try waitUntil { fixture.openUploads == 0 }
        #expect(fixture.storedKeys.isEmpty)
        #expect(try curl([fixture.url("/healthz")]).status == 200)
        let file = try TestFile(size: 1000)
        #expect(try curl(["-T", file.path, fixture.url("/upload/after.bin")]).status == 200)
        #expect(try fixture.storedMD5("uploads/after.bin") == file.md5Hex)
        if mode == .multipart { #expect(fixture.app.snapshot().multipartAborted == 1) }
    }

    @Test(arguments: ProxyMode.allCases)
    func aClientThatStallsIsTimedOutAndLeavesNothing(mode: ProxyMode) throws {
        let fixture = try AppFixture {
            $0.mode = mode
            $0.bodyIdleTimeout = .milliseconds(300)
        }
        let sent = [UInt8](repeating: 1, count: 6 * mebibyte)
        let answer = rawExchange(port: fixture.app.port, putHead("stall.bin", length: 20 * mebibyte) + sent, thenWait: 1)
        #expect(answer.hasPrefix("HTTP/1.1 408"))
        // The same JSON error body as the app's other answers, so a client records a code, not just http_408.
        #expect(answer.contains("Content-Type: application/json"))
        #expect(answer.hasSuffix(#"{"error":"RequestTimeout","message":"The client sent no body bytes within the timeout."}"#))
        if mode == .multipart { try waitUntil { fixture.app.snapshot().multipartAborted == 1 } }
        try waitUntil { fixture.openUploads == 0 }
        #expect(fixture.storedKeys.isEmpty)
        #expect(try curl([fixture.url("/healthz")]).status == 200)
    }

    @Test func oversizedAndUnframedBodiesAreRefusedBeforeReading() throws {
        let fixture = try AppFixture { $0.maxObjectSize = 1000 }
        let tooLarge = rawExchange(port: fixture.app.port, putHead("big", length: 1001, extra: "Expect: 100-continue\r\n"))
        #expect(tooLarge.hasPrefix("HTTP/1.1 413"))
        #expect(!tooLarge.contains("100 Continue"))
        #expect(tooLarge.contains("EntityTooLarge"))
        let chunked = rawExchange(port: fixture.app.port, putHead("c", length: nil, extra: "Transfer-Encoding: chunked\r\n") + Array("5\r\nhello\r\n0\r\n\r\n".utf8))
        #expect(chunked.hasPrefix("HTTP/1.1 411"))
        let unframed = rawExchange(port: fixture.app.port, putHead("n", length: nil))
        #expect(unframed.hasPrefix("HTTP/1.1 411"))
        let badKey = rawExchange(port: fixture.app.port, putHead("a/%2E%2E/b", length: 1) + [1])
        #expect(badKey.hasPrefix("HTTP/1.1 400"))
        #expect(fixture.s3Requests == 0)
    }

    @Test func expectContinueGetsAnInterimAnswerAndTheUploadCompletes() throws {
        let fixture = try AppFixture()
        let file = try TestFile(size: 100_000)
        let (status, _) = try curl(["-H", "Expect: 100-continue", "-T", file.path, fixture.url("/upload/expect.bin")])
        #expect(status == 200)
        #expect(try fixture.storedMD5("uploads/expect.bin") == file.md5Hex)
    }

    @Test(arguments: [ProxyMode.stream, .buffer, .multipart])
    func s3ErrorsComeBackAs502Or503WithTheCode(mode: ProxyMode) throws {
        let fixture = try AppFixture { $0.mode = mode }
        let file = try TestFile(size: 11 * mebibyte)
        var faults = Faults()
        faults.slowDownRate = 1
        fixture.s3.setFaults(faults)
        let slow = try curl(["-T", file.path, fixture.url("/upload/slow.bin")])
        #expect(slow.status == 503)
        #expect(slow.body.contains("\"error\":\"SlowDown\""))
        fixture.s3.setFaults(Faults())
        try waitUntil { fixture.openUploads == 0 }
        #expect(fixture.app.snapshot().errors["SlowDown"] == 1)
        #expect(fixture.storedKeys.isEmpty)
    }

    @Test(arguments: [ProxyMode.stream, .multipart])
    func aWrongSecretIsRefusedByTheVerifyingMockAndRelayedAs502(mode: ProxyMode) throws {
        let fixture = try AppFixture {
            $0.mode = mode
            $0.credentials = Credentials(accessKeyID: AppFixture.credentials.accessKeyID, secretAccessKey: "wrong")
        }
        let file = try TestFile(size: 6 * mebibyte)
        let denied = try curl(["-T", file.path, fixture.url("/upload/denied.bin")])
        #expect(denied.status == 502)
        #expect(denied.body.contains("\"error\":\"SignatureDoesNotMatch\""), "\(denied.body)")
        #expect(fixture.storedKeys.isEmpty)
        #expect(fixture.openUploads == 0)
    }

    @Test(arguments: [ProxyMode.stream, .multipart])
    func anEndpointPortOutsideTheRangeIsA502NotACrash(mode: ProxyMode) throws {
        // A port over 65535 trapped on the event loop and took the whole app server down.
        let fixture = try AppFixture {
            $0.mode = mode
            $0.endpoint = S3Endpoint(host: "127.0.0.1", port: 99_999)
        }
        let file = try TestFile(size: 6 * mebibyte)
        let refused = try curl(["-T", file.path, fixture.url("/upload/nowhere.bin")])
        #expect(refused.status == 502)
        #expect(refused.body.contains("\"error\":\"UpstreamUnavailable\""), "\(refused.body)")
        #expect(try curl([fixture.url("/healthz")]).status == 200)
    }
}

/// Polls `condition` for up to 60 seconds (a bound for a failing test on a loaded machine, not a speed check).
func waitUntil(_ condition: () -> Bool) throws {
    for _ in 0..<1200 {
        if condition() { return }
        usleep(50_000)
    }
    #expect(condition(), "condition not met within 60 s")
}

/// A client that shuts down its sending side part-way through an upload still reads
/// the answer: 400 with the app's JSON error (IncompleteBody), and nothing is stored.
@Suite(.serialized) struct EarlyEndedBodyTests {
    @Test(arguments: ProxyMode.allCases)
    func aBodyEndedEarlyIsAnsweredIncompleteBody(mode: ProxyMode) throws {
        let fixture = try AppFixture { $0.mode = mode }
        let fd = try LoopbackSockets.connect(fixture.app.port)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = putHead("half.bin", length: 6 * mebibyte) + [UInt8](repeating: 7, count: mebibyte)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        shutdown(fd, Int32(SHUT_WR))
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while case let got = buffer.withUnsafeMutableBytes({ recv(fd, $0.baseAddress, $0.count, 0) }), got > 0 {
            answer += buffer[0..<got]
        }
        let text = String(decoding: answer, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 400"), "mode \(mode): \(text)")
        #expect(text.contains(#""error":"IncompleteBody""#), "mode \(mode): \(text)")
        try waitUntil { fixture.openUploads == 0 }
        #expect(fixture.storedKeys.isEmpty)
        #expect(fixture.app.snapshot().errors["client:connection_closed"] != nil)
    }
}
