// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
@testable import HTTPCore
import Synchronization

/// A blocking TCP client for tests: sends raw bytes, reads raw responses.
final class RawClient {
    let fd: Int32
    private var buffered: [UInt8] = []

    /// `receiveTimeout` only bounds a failing test; a loaded machine can stall a server for seconds.
    init(port: Int, receiveTimeout: Double = 30) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            close(fd)
            throw SystemError(operation: "connect", errno: errno)
        }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - Double(Int(receiveTimeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(fd)
    }

    /// Sends everything; returns false if the peer refused (reset or closed).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool {
        send(Array(text.utf8))
    }

    func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads more bytes into the buffer; false on EOF, error or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffered.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Everything until the server closes (or the timeout).
    func readUntilClose() -> [UInt8] {
        while fill() {}
        defer { buffered.removeAll() }
        return buffered
    }

    /// Whether the server closed the connection (EOF or reset) with nothing more to read.
    func isClosedByPeer() -> Bool {
        buffered.isEmpty && !fill()
    }

    /// Reads one response (head plus a Content-Length, chunked or no body).
    /// Pass `head: true` for responses to HEAD requests.
    func readResponse(head: Bool = false) -> TestResponse? {
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.find([13, 10, 13, 10], in: buffered)
            if headEnd == nil && !fill() { return nil }
        }
        let headBytes = Array(buffered[0..<headEnd!])
        buffered.removeFirst(headEnd! + 4)
        let text = String(decoding: headBytes, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let status = Int(statusLine.split(separator: " ")[1])!
        var headers = HTTPHeaders()
        for line in lines {
            let colon = line.firstIndex(of: ":")!
            headers.add(name: String(line[..<colon]), value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body: [UInt8] = []
        if head || status < 200 || status == 204 || status == 304 {
            // no body
        } else if let length = headers["Content-Length"].flatMap(Int.init) {
            while buffered.count < length { if !fill() { return nil } }
            body = Array(buffered[0..<length])
            buffered.removeFirst(length)
        } else if headers["Transfer-Encoding"] == "chunked" {
            while true {
                var lineEnd = Self.find([13, 10], in: buffered)
                while lineEnd == nil { if !fill() { return nil }; lineEnd = Self.find([13, 10], in: buffered) }
                let size = Int(String(decoding: buffered[0..<lineEnd!], as: UTF8.self), radix: 16)!
                buffered.removeFirst(lineEnd! + 2)
                while buffered.count < size + 2 { if !fill() { return nil } }
                body += buffered[0..<size]
                buffered.removeFirst(size + 2)
                if size == 0 { break }
            }
        } else {
            while fill() {}
            body = buffered
            buffered.removeAll()
        }
        return TestResponse(status: status, headers: headers, body: body)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}

struct TestResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A handler built from closures, for tests.
final class TestHandler: HTTPRequestHandler {
    var onBody: (UnsafeRawBufferPointer, any HTTPRequestContext) -> Void = { _, _ in }
    var onEnd: (HTTPHeaders, any HTTPRequestContext) -> Void = { _, _ in }
    var onError: (HTTPRequestError, any HTTPRequestContext) -> Void = { _, _ in }
    var onWritable: (any HTTPRequestContext) -> Void = { _ in }

    func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) { onBody(bytes, context) }
    func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) { onEnd(trailers, context) }
    func receiveError(_ error: HTTPRequestError, context: any HTTPRequestContext) { onError(error, context) }
    func writabilityChanged(context: any HTTPRequestContext) { onWritable(context) }
}

/// Records what handlers saw, across threads.
final class Recorder: Sendable {
    let errors = Mutex<[HTTPRequestError]>([])
    let bodies = Mutex<[[UInt8]]>([])
    let trailers = Mutex<[HTTPHeaders]>([])
    let heads = Mutex<[String]>([])

    // Deadlines here only bound a failing test: a loaded machine can hold a
    // loop thread for seconds, and a passing test returns as soon as it sees the event.
    func waitForError(timeout: Double = 30) -> HTTPRequestError? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let error = errors.withLock({ $0.first }) { return error }
            usleep(5_000)
        }
        return nil
    }

    /// Waits until the responder saw `count` request heads; false after `timeout` seconds.
    func waitForHeads(_ count: Int, timeout: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if heads.withLock({ $0.count }) >= count { return true }
            usleep(5_000)
        }
        return false
    }
}

/// Echoes the request: status 200, body = request body, `x-trailers` = trailer count,
/// `x-method`/`x-target` = request line parts.
struct EchoResponder: HTTPResponder {
    let recorder: Recorder

    init(recorder: Recorder = Recorder()) {
        self.recorder = recorder
    }

    func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler {
        recorder.heads.withLock { $0.append("\(head.method) \(head.target)") }
        let handler = TestHandler()
        var body: [UInt8] = []
        let recorder = self.recorder
        handler.onBody = { bytes, _ in body.append(contentsOf: bytes) }
        handler.onEnd = { trailers, context in
            recorder.bodies.withLock { $0.append(body) }
            recorder.trailers.withLock { $0.append(trailers) }
            var headers: HTTPHeaders = ["x-method": head.method, "x-target": head.target]
            headers.add(name: "x-trailers", value: String(trailers.count))
            context.respond(status: 200, headers: headers, body: body)
        }
        handler.onError = { error, _ in recorder.errors.withLock { $0.append(error) } }
        return handler
    }
}

/// Starts a server for one test and shuts it down afterwards.
func withServer<R>(
    _ responder: any HTTPResponder,
    configure: (inout HTTPServerConfiguration) -> Void = { _ in },
    _ body: (HTTPServer, Int) throws -> R
) throws -> R {
    var configuration = HTTPServerConfiguration(threadNamePrefix: "test")
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, responder: responder)
    let port = try server.start()
    defer { server.shutdown(gracePeriod: .milliseconds(200)) }
    return try body(server, port)
}

func bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// Holds a loop-bound object between closures that all run on one event loop.
// @unchecked: `value` is only read and written on that loop's thread.
final class LoopBox<Value>: @unchecked Sendable {
    var value: Value?
}
