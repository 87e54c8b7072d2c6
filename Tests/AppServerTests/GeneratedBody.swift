// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import Glibc

/// A large body made on the fly from one pseudo-random MiB, each MiB stamped
/// with its index so no two are equal; nothing is written to disk.
struct GeneratedBody {
    static let blockSize = 1 << 20
    let size: Int64
    private let base: [UInt8]

    init(size: Int64, seed: UInt64 = 3) {
        self.size = size
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var words = [UInt64](repeating: 0, count: Self.blockSize / 8)
        for index in words.indices {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            words[index] = state
        }
        base = words.withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with the bytes of `range` (whose start is a multiple of 1 MiB), one MiB at a time.
    func forEachChunk(in range: Range<Int64>, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        precondition(range.lowerBound % Int64(Self.blockSize) == 0)
        var block = base
        var offset = range.lowerBound
        while offset < range.upperBound {
            var index = UInt64(offset / Int64(Self.blockSize))
            withUnsafeBytes(of: &index) { stamp in
                block.withUnsafeMutableBytes { $0.copyMemory(from: stamp) }
            }
            let count = Int(min(Int64(Self.blockSize), range.upperBound - offset))
            try block.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            offset += Int64(count)
        }
    }
}

/// The MD5 of a body fed in chunks that never straddle a part boundary, and
/// its multipart ETag for parts of `partSize`. A class: `IncrementalHash` cannot be copied.
final class BodyDigest {
    private let partSize: Int64
    // Optional so `finalize()` (consuming) can take them out of the class.
    private var whole: IncrementalHash? = IncrementalHash(.md5)
    private var part: IncrementalHash? = IncrementalHash(.md5)
    private var inPart: Int64 = 0
    private var partDigests: [UInt8] = []
    private var parts = 0

    init(partSize: Int64 = Int64.max) {
        self.partSize = partSize
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        whole?.update(bytes)
        part?.update(bytes)
        inPart += Int64(bytes.count)
        if inPart == partSize { endPart() }
    }

    private func endPart() {
        partDigests += part.take()?.finalize() ?? []
        part = IncrementalHash(.md5)
        parts += 1
        inPart = 0
    }

    /// The hex MD5 of everything, and the quoted multipart ETag.
    func finish() -> (md5Hex: String, multipartETag: String) {
        if inPart > 0 || parts == 0 { endPart() }
        return (Encoding.hex(whole.take()?.finalize() ?? []), "\"\(Encoding.hex(Hash.md5(partDigests)))-\(parts)\"")
    }
}

/// One HTTP/1.1 request over a blocking loopback socket, the body streamed from a generator.
enum RawHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    struct Failure: Error {}

    /// Sends a request with `headers` (plus `Host` and `Connection: close`);
    /// `send` streams the body through the writer it is given.
    static func request(
        url: String,
        method: String,
        headers: [(String, String)],
        send: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws -> Response {
        guard let components = URLComponents(string: url), let port = components.port else { throw Failure() }
        let target = components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure() }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let write: (UnsafeRawBufferPointer) throws -> Void = { bytes in
            var offset = 0
            while offset < bytes.count {
                let sent = Glibc.send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                guard sent > 0 else { throw Failure() }
                offset += sent
            }
        }
        try Array(head.utf8).withUnsafeBytes { try write($0) }
        try send(write)

        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got <= 0 { break }
            answer += buffer[0..<got]
        }
        return try parse(answer)
    }

    private static func parse(_ bytes: [UInt8]) throws -> Response {
        let text = String(decoding: bytes, as: UTF8.self)
        // Skip any interim 100 Continue.
        var rest = Substring(text)
        while rest.hasPrefix("HTTP/1.1 1"), let end = rest.range(of: "\r\n\r\n") { rest = rest[end.upperBound...] }
        guard let end = rest.range(of: "\r\n\r\n") else { throw Failure() }
        let lines = rest[..<end.lowerBound].components(separatedBy: "\r\n")
        guard let status = lines.first.flatMap({ Int($0.split(separator: " ")[1]) }) else { throw Failure() }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: String(rest[end.upperBound...]))
    }
}
