// SPDX-License-Identifier: Apache-2.0

internal import CSystem
import Foundation
import Glibc
import HTTPCore

// TODO: replace with HTTPCore's loop-bound HTTPClientConnection pool (owner httpcore)
// once it lands on main; until then one connection per S3 request, closed after the answer.

/// Opens one plain HTTP/1.1 connection per S3 request on its event loop.
final class SocketUpstreamConnector: UpstreamConnector {
    private let loop: EventLoop
    private let endpoint: S3Endpoint
    private let highWaterMark: Int
    private let lowWaterMark: Int

    init(loop: EventLoop, endpoint: S3Endpoint, highWaterMark: Int = 256 * 1024) {
        self.loop = loop
        self.endpoint = endpoint
        self.highWaterMark = highWaterMark
        self.lowWaterMark = highWaterMark / 4
    }

    func start(
        _ head: HTTPRequestHead,
        contentLength: Int64,
        delegate: UpstreamExchangeDelegate
    ) -> (exchange: UpstreamExchange, headBytes: Int) {
        var text = "\(head.method) \(head.target) HTTP/1.1\r\n"
        for field in head.headers { text += "\(field.name): \(field.value)\r\n" }
        text += "Connection: close\r\n\r\n"
        let bytes = Array(text.utf8)
        let exchange = SocketExchange(
            loop: loop, delegate: delegate, isHead: head.method == "HEAD",
            highWaterMark: highWaterMark, lowWaterMark: lowWaterMark
        )
        exchange.connect(to: endpoint, sending: bytes)
        return (exchange, bytes.count)
    }
}

/// One request and its response over a fresh non-blocking socket. Loop-bound.
final class SocketExchange: UpstreamExchange, EventLoopSelectable {
    private let loop: EventLoop
    private var delegate: UpstreamExchangeDelegate?
    private let isHead: Bool
    private let highWaterMark: Int
    private let lowWaterMark: Int
    private var fd: Int32 = -1
    private var token: UInt64 = 0
    private var connected = false
    private var output: [UInt8] = []
    private var outputStart = 0
    private var aboveHighWater = false
    private var watchingOutput = false
    private var response = ResponseReader()
    private var closed = false

    init(loop: EventLoop, delegate: UpstreamExchangeDelegate, isHead: Bool, highWaterMark: Int, lowWaterMark: Int) {
        self.loop = loop
        self.delegate = delegate
        self.isHead = isHead
        self.highWaterMark = highWaterMark
        self.lowWaterMark = lowWaterMark
    }

    var bufferedBytes: Int { output.count - outputStart }

    func connect(to endpoint: S3Endpoint, sending head: [UInt8]) {
        output = head
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(endpoint.port).bigEndian)
        let host = endpoint.host == "localhost" ? "127.0.0.1" : endpoint.host
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            failSoon("the S3 host must be an IPv4 address or localhost")
            return
        }
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            failSoon("socket() failed")
            return
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 || errno == EINPROGRESS else {
            failSoon("connect() failed: \(String(cString: strerror(errno)))")
            return
        }
        do {
            token = try loop.register(fd: fd, events: UB_EPOLLIN | UB_EPOLLOUT | UB_EPOLLRDHUP, self)
            watchingOutput = true
        } catch {
            failSoon("epoll registration failed")
        }
    }

    func writeBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !closed else { return false }
        var offset = 0
        if connected && bufferedBytes == 0 {
            offset = max(0, send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)))
        }
        if offset < bytes.count {
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            watchOutput(true)
        }
        if bufferedBytes > highWaterMark { aboveHighWater = true }
        return !aboveHighWater
    }

    func finishBody() {}

    func abort() {
        delegate = nil
        close()
    }

    func handleEvents(_ events: UInt32) {
        if events & UB_EPOLLOUT != 0 {
            if !connected {
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
                guard error == 0 else {
                    fail("connect failed: \(String(cString: strerror(error)))")
                    return
                }
                connected = true
            }
            flush()
        }
        if !closed && events & (UB_EPOLLIN | UB_EPOLLHUP | UB_EPOLLERR | UB_EPOLLRDHUP) != 0 {
            readResponse()
        }
    }

    private func flush() {
        while bufferedBytes > 0 {
            let sent = output.withUnsafeBytes { send(fd, $0.baseAddress! + outputStart, bufferedBytes, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { break }
                fail("send failed: \(String(cString: strerror(errno)))")
                return
            }
            outputStart += sent
        }
        if bufferedBytes == 0 {
            output.removeAll(keepingCapacity: false)
            outputStart = 0
            watchOutput(false)
        } else if outputStart > 1 << 20 {
            output.removeFirst(outputStart)
            outputStart = 0
        }
        if aboveHighWater && bufferedBytes <= lowWaterMark {
            aboveHighWater = false
            delegate?.upstreamWritable()
        }
    }

    private func readResponse() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !closed {
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got < 0 && (errno == EAGAIN || errno == EINTR) { return }
            if got <= 0 {
                if response.finishAtClose() { deliver() } else { fail("S3 closed the connection before answering") }
                return
            }
            buffer.withUnsafeBytes { response.append(UnsafeRawBufferPointer(rebasing: $0[0..<got]), isHead: isHead) }
            if response.failed { fail("S3 sent a malformed response") }
            if response.complete { deliver() }
        }
    }

    private func deliver() {
        let delegate = self.delegate
        close()
        delegate?.upstreamResponseHead(status: response.status, headers: response.headers, headBytes: response.headBytes)
        response.body.withUnsafeBytes { delegate?.upstreamResponseBody($0) }
        delegate?.upstreamResponseEnd()
    }

    private func watchOutput(_ on: Bool) {
        guard connected, on != watchingOutput, !closed else { return }
        watchingOutput = on
        loop.modify(fd: fd, token: token, events: UB_EPOLLIN | UB_EPOLLRDHUP | (on ? UB_EPOLLOUT : 0))
    }

    private func fail(_ reason: String) {
        let delegate = self.delegate
        close()
        delegate?.upstreamFailed(reason)
    }

    /// Reports a failure from the next loop turn, so the caller gets the exchange first.
    private func failSoon(_ reason: String) {
        let exchange = LoopBound(self)
        loop.execute { exchange.value.fail(reason) }
    }

    private func close() {
        guard !closed else { return }
        closed = true
        if fd >= 0 {
            if token != 0 { loop.deregister(fd: fd, token: token) }
            Glibc.close(fd)
        }
        output = []
        outputStart = 0
        self.delegate = nil
    }
}

/// Collects one HTTP/1.1 response: status, fields, and a Content-Length,
/// chunked or close-delimited body (S3 answers are small).
struct ResponseReader {
    private(set) var status = 0
    private(set) var headers = HTTPHeaders()
    private(set) var headBytes = 0
    private(set) var body: [UInt8] = []
    private(set) var complete = false
    private(set) var failed = false
    private var raw: [UInt8] = []
    private var headDone = false
    private var contentLength: Int?
    private var chunked = false

    mutating func append(_ bytes: UnsafeRawBufferPointer, isHead: Bool) {
        raw.append(contentsOf: bytes)
        if !headDone { parseHead(isHead: isHead) }
        guard headDone, !complete else { return }
        if chunked {
            decodeChunks()
        } else if let contentLength, raw.count >= contentLength {
            body = Array(raw.prefix(contentLength))
            complete = true
        }
    }

    /// At end of stream: a close-delimited body is complete.
    mutating func finishAtClose() -> Bool {
        if headDone && !complete && contentLength == nil && !chunked {
            body = raw
            complete = true
        }
        return complete
    }

    private mutating func parseHead(isHead: Bool) {
        guard let end = raw.firstRange(of: [13, 10, 13, 10]) else { return }
        let text = String(decoding: raw[..<end.lowerBound], as: UTF8.self)
        headBytes = end.upperBound
        raw.removeFirst(end.upperBound)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, let code = Int(statusLine[1]) else {
            failed = true
            return
        }
        if code == 100 {
            // An interim answer: the real one follows.
            headBytes = 0
            parseHead(isHead: isHead)
            return
        }
        status = code
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.add(name: String(line[..<colon]), value: value)
        }
        headDone = true
        if isHead || status == 204 || status == 304 {
            complete = true
        } else if headers["Transfer-Encoding"]?.lowercased().contains("chunked") == true {
            chunked = true
        } else {
            contentLength = headers["Content-Length"].flatMap { Int($0) }
        }
    }

    private mutating func decodeChunks() {
        var index = 0
        var decoded: [UInt8] = []
        while let lineEnd = raw[index...].firstRange(of: [13, 10]) {
            let sizeText = String(decoding: raw[index..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) else {
                failed = true
                return
            }
            if size == 0 {
                body = decoded
                complete = true
                return
            }
            guard raw.count >= lineEnd.upperBound + size + 2 else { return }
            decoded.append(contentsOf: raw[lineEnd.upperBound..<(lineEnd.upperBound + size)])
            index = lineEnd.upperBound + size + 2
        }
    }
}
