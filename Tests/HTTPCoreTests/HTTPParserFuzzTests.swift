// SPDX-License-Identifier: Apache-2.0

import Foundation
@testable import HTTPCore
import Testing

/// A small deterministic generator (SplitMix64), so a failing case can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

@Suite("HTTP parsing under random input")
struct HTTPParserFuzzTests {
    static let seeds: [String] = [
        "GET /a?b=c HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n\r\n",
        "PUT /o HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n",
        "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    ]
    static let allowedFailures: Set<Int> = [400, 414, 417, 431, 501, 505]

    enum Outcome: Equatable {
        case incomplete
        case complete(String, Int)
        case failed(Int)
    }

    static func parseWhole(_ bytes: [UInt8]) -> Outcome {
        var scanned = 0
        return bytes.withUnsafeBytes { outcome(HTTPHeadParser.parseRequest($0, limits: HTTPHeadLimits(), scanned: &scanned)) }
    }

    static func outcome(_ result: HeadParseResult<ParsedRequest>) -> Outcome {
        switch result {
        case .incomplete: return .incomplete
        case .failed(let error): return .failed(error.status)
        case .complete(let parsed, let used):
            let fields = parsed.head.headers.map { "\($0.name)=\($0.value)" }.joined(separator: ";")
            return .complete("\(parsed.head.method) \(parsed.head.target) \(parsed.framing) \(fields)", used)
        }
    }

    /// Feeds `bytes` in pieces of random length, as a connection would see them.
    static func parseInPieces(_ bytes: [UInt8], using generator: inout SeededGenerator) -> Outcome {
        var buffer: [UInt8] = []
        var scanned = 0
        var offset = 0
        while offset < bytes.count {
            let piece = Int.random(in: 1...max(1, min(8, bytes.count - offset)), using: &generator)
            buffer += bytes[offset..<(offset + piece)]
            offset += piece
            let result = buffer.withUnsafeBytes {
                outcome(HTTPHeadParser.parseRequest($0, limits: HTTPHeadLimits(), scanned: &scanned))
            }
            if result != .incomplete { return result }
        }
        return .incomplete
    }

    static func mutate(_ bytes: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = bytes
        let interesting: [UInt8] = [0, 9, 10, 13, 32, 58, 44, 59, 0x7F, 0x80, 0xFF, 65, 48]
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            let byte = Bool.random(using: &generator)
                ? interesting.randomElement(using: &generator)!
                : UInt8.random(in: 0...255, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes[position] = byte
            case 1: bytes.insert(byte, at: position)
            default: if bytes.count > 1 { bytes.remove(at: position) }
            }
        }
        return bytes
    }

    @Test("mutated heads parse the same whole or split, and fail only with 4xx/5xx statuses")
    func mutatedHeads() {
        var generator = SeededGenerator(state: 0x5EED)
        var failures = 0
        var completes = 0
        for round in 0..<10_000 {
            let seed = Array(Self.seeds[round % Self.seeds.count].utf8)
            let input = Self.mutate(seed, using: &generator)
            let whole = Self.parseWhole(input)
            let split = Self.parseInPieces(input, using: &generator)
            switch whole {
            case .failed(let status):
                failures += 1
                #expect(Self.allowedFailures.contains(status), "round \(round)")
                guard case .failed = split else {
                    Issue.record("round \(round): whole failed, split gave \(split)")
                    continue
                }
            case .complete:
                completes += 1
                #expect(split == whole, "round \(round)")
            case .incomplete:
                // A truncated head may also be refused early when split (garbage request line).
                if case .complete = split { Issue.record("round \(round): split completed an incomplete head") }
            }
        }
        #expect(failures > 500)
        #expect(completes > 500)
    }

    @Test("random bytes never crash the parser and never parse as a request by accident")
    func randomBytes() {
        var generator = SeededGenerator(state: 42)
        for _ in 0..<10_000 {
            let input = (0..<Int.random(in: 1...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if case .failed(let status) = Self.parseWhole(input) {
                #expect(Self.allowedFailures.contains(status))
            }
        }
    }

    @Test("chunked bodies split at random points decode to the original bytes")
    func chunkedSplits() throws {
        var generator = SeededGenerator(state: 7)
        for _ in 0..<500 {
            var payload: [UInt8] = []
            var encoded: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                let chunk = (0..<Int.random(in: 1...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                payload += chunk
                encoded += Array(String(chunk.count, radix: 16).utf8) + (Bool.random(using: &generator) ? Array(";a=b".utf8) : [])
                encoded += [13, 10] + chunk + [13, 10]
            }
            encoded += Array("0\r\nX-T: v\r\n\r\n".utf8)
            var decoder = ChunkedDecoder()
            var pending: [UInt8] = []
            var decoded: [UInt8] = []
            var trailers: HTTPHeaders?
            var offset = 0
            while trailers == nil && offset <= encoded.count {
                let piece = min(Int.random(in: 1...64, using: &generator), encoded.count - offset)
                pending += encoded[offset..<(offset + piece)]
                offset += piece
                var used = 0
                loop: while true {
                    let step = try pending[used...].withUnsafeBytes { try decoder.next($0) }
                    switch step {
                    case .data(let range):
                        decoded += pending[(used + range.lowerBound)..<(used + range.upperBound)]
                        used += range.upperBound
                    case .needMore(let consumed):
                        used += consumed
                        break loop
                    case .end(let fields, let consumed):
                        used += consumed
                        trailers = fields
                        break loop
                    }
                }
                pending.removeFirst(used)
                if piece == 0 { break }
            }
            #expect(decoded == payload)
            #expect(trailers?["x-t"] == "v")
        }
    }

    @Test("mutated requests sent to a server in random pieces always get an answer or a close")
    func serverUnderMutatedInput() throws {
        var generator = SeededGenerator(state: 99)
        let allowed = Self.allowedFailures.union([200, 408])
        try withServer(EchoResponder(), configure: {
            $0.headerTimeout = .milliseconds(300)
            $0.bodyIdleTimeout = .milliseconds(300)
        }) { _, port in
            for round in 0..<150 {
                let seed = Self.seeds[round % Self.seeds.count] + (round % 4 == 1 ? "hello" : round % 4 == 2 ? "5\r\nhello\r\n0\r\n\r\n" : "")
                let input = Self.mutate(Array(seed.utf8), using: &generator)
                let client = try RawClient(port: port, receiveTimeout: 2)
                var offset = 0
                while offset < input.count {
                    let piece = min(Int.random(in: 1...40, using: &generator), input.count - offset)
                    if !client.send(Array(input[offset..<(offset + piece)])) { break }
                    offset += piece
                }
                client.shutdownWrite()
                let reply = client.readUntilClose()
                guard !reply.isEmpty else { continue }
                let statusLine = String(decoding: reply.prefix(12), as: UTF8.self)
                let status = Int(statusLine.dropFirst(9).prefix(3)) ?? -1
                #expect(allowed.contains(status) || status == 100, "round \(round): \(statusLine)")
            }
        }
    }
}
