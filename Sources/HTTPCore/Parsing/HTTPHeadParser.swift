// SPDX-License-Identifier: Apache-2.0

import Glibc

/// A request head that passed every framing check.
struct ParsedRequest {
    var head: HTTPRequestHead
    var framing: HTTPBodyFraming
    var keepAlive: Bool
    var expectsContinue: Bool
}

/// A response head as the upstream client sees it.
struct ParsedResponse {
    var status: Int
    var versionMinor: Int
    var headers: HTTPHeaders
    var scan: HTTPFieldScan
}

enum HeadParseResult<Head> {
    /// More bytes are needed; nothing was consumed.
    case incomplete
    /// A head of `consumed` bytes (including any empty lines before it).
    case complete(Head, consumed: Int)
    case failed(HTTPParseError)
}

/// Strict HTTP/1.1 head parsing over raw bytes (RFC 9112, sections 2 to 6).
///
/// Lines end in CRLF only: a bare CR or LF, obs-fold, whitespace before a
/// colon and non-token name bytes are all refused rather than repaired,
/// because lenient parsers disagreeing about framing is how request
/// smuggling works.
enum HTTPHeadParser {
    /// Parses a request head at the start of `bytes`.
    /// - Parameter scanned: bytes already searched for the end of the head on
    ///   earlier calls with the same start; updated so a head arriving one byte
    ///   at a time is not rescanned from its beginning each time.
    static func parseRequest(
        _ bytes: UnsafeRawBufferPointer,
        limits: HTTPHeadLimits,
        scanned: inout Int
    ) -> HeadParseResult<ParsedRequest> {
        let count = bytes.count
        // RFC 9112, section 2.2: ignore at least one empty line before a request line.
        var start = 0
        while start < 4, start + 1 < count, bytes[start] == HTTPBytes.cr, bytes[start + 1] == HTTPBytes.lf {
            start += 2
        }
        guard let lineEnd = find(HTTPBytes.lf, in: bytes, from: start) else {
            if count - start > limits.maxRequestLineBytes { return .failed(HTTPParseError(.requestLineTooLong)) }
            if let error = checkRequestLinePrefix(UnsafeRawBufferPointer(rebasing: bytes[start..<count])) {
                return .failed(error)
            }
            return .incomplete
        }
        guard lineEnd > start, bytes[lineEnd - 1] == HTTPBytes.cr else { return .failed(HTTPParseError(.bareLineFeed)) }
        if lineEnd - 1 - start > limits.maxRequestLineBytes { return .failed(HTTPParseError(.requestLineTooLong)) }
        let line = UnsafeRawBufferPointer(rebasing: bytes[start..<(lineEnd - 1)])
        let requestLine: (method: String, target: String, minor: Int)
        switch parseRequestLine(line) {
        case .success(let parsed): requestLine = parsed
        case .failure(let error): return .failed(error)
        }

        let headEnd: Int
        switch findHeadEnd(bytes, from: max(scanned, lineEnd - 1), floor: lineEnd - 1) {
        case .found(let end):
            headEnd = end
        case .bareLineFeed:
            return .failed(HTTPParseError(.bareLineFeed))
        case .notYet:
            scanned = max(lineEnd - 1, count - 3)
            if count - start > limits.maxHeadBytes { return .failed(HTTPParseError(.headTooLarge)) }
            return .incomplete
        }
        if headEnd - start > limits.maxHeadBytes { return .failed(HTTPParseError(.headTooLarge)) }

        var scan = HTTPFieldScan()
        var fields: [(name: String, value: String)] = []
        // A typical request (an SDK's signed PUT) has about ten fields: one allocation, not four.
        fields.reserveCapacity(16)
        do {
            try parseFields(bytes, from: lineEnd + 1, to: headEnd - 2, maxCount: limits.maxHeaderCount,
                            into: &fields, scan: &scan)
            let framing = try requestFraming(scan, minor: requestLine.minor)
            let head = HTTPRequestHead(
                method: requestLine.method, target: requestLine.target,
                versionMinor: requestLine.minor, headers: HTTPHeaders(fields)
            )
            let keepAlive = requestLine.minor >= 1 ? !scan.connectionClose : scan.connectionKeepAlive && !scan.connectionClose
            let parsed = ParsedRequest(
                head: head, framing: framing, keepAlive: keepAlive,
                // RFC 9110, section 10.1.1: ignore 100-continue from HTTP/1.0 clients.
                expectsContinue: scan.expectContinue && requestLine.minor >= 1
            )
            return .complete(parsed, consumed: headEnd)
        } catch {
            return .failed(error)
        }
    }

    /// Parses a response head (status line and fields) at the start of `bytes`.
    static func parseResponse(_ bytes: UnsafeRawBufferPointer, limits: HTTPHeadLimits) -> HeadParseResult<ParsedResponse> {
        let headEnd: Int
        switch findHeadEnd(bytes, from: 0, floor: 0) {
        case .found(let end):
            headEnd = end
        case .bareLineFeed:
            return .failed(HTTPParseError(.bareLineFeed))
        case .notYet:
            if bytes.count > limits.maxHeadBytes { return .failed(HTTPParseError(.headTooLarge)) }
            return .incomplete
        }
        guard let lineEnd = find(HTTPBytes.lf, in: bytes, from: 0), lineEnd > 0, bytes[lineEnd - 1] == HTTPBytes.cr else {
            return .failed(HTTPParseError(.badStatusLine))
        }
        // status-line = HTTP-version SP status-code SP [ reason-phrase ]
        let line = UnsafeRawBufferPointer(rebasing: bytes[0..<(lineEnd - 1)])
        guard line.count >= 12, let minor = versionMinor(UnsafeRawBufferPointer(rebasing: line[0..<8])),
              line[8] == HTTPBytes.space, line.count == 12 || line[12] == HTTPBytes.space
        else { return .failed(HTTPParseError(.badStatusLine)) }
        var status = 0
        for index in 9..<12 {
            let digit = line[index]
            guard digit >= 48 && digit <= 57 else { return .failed(HTTPParseError(.badStatusLine)) }
            status = status * 10 + Int(digit - 48)
        }
        var scan = HTTPFieldScan()
        var fields: [(name: String, value: String)] = []
        do {
            try parseFields(bytes, from: lineEnd + 1, to: headEnd - 2, maxCount: limits.maxHeaderCount,
                            into: &fields, scan: &scan)
        } catch {
            return .failed(error)
        }
        let response = ParsedResponse(status: status, versionMinor: minor, headers: HTTPHeaders(fields), scan: scan)
        return .complete(response, consumed: headEnd)
    }

    /// Parses field lines in `bytes[from..<to]`, each ending in CRLF (the head's
    /// final empty line excluded). Also used for chunked trailers.
    static func parseFields(
        _ bytes: UnsafeRawBufferPointer,
        from: Int,
        to end: Int,
        maxCount: Int,
        into fields: inout [(name: String, value: String)],
        scan: inout HTTPFieldScan
    ) throws(HTTPParseError) {
        var lineStart = from
        while lineStart < end {
            if HTTPBytes.isWhitespace(bytes[lineStart]) { throw HTTPParseError(.obsFold) }
            var index = lineStart
            while index < end && HTTPBytes.isToken(bytes[index]) { index += 1 }
            // A name must be a non-empty token followed directly by a colon:
            // whitespace before the colon is refused (RFC 9112, section 5.1).
            guard index > lineStart, index < end, bytes[index] == HTTPBytes.colon else {
                throw HTTPParseError(.badHeader)
            }
            let nameEnd = index
            index += 1
            while index < end && HTTPBytes.isWhitespace(bytes[index]) { index += 1 }
            let valueStart = index
            while index < end && HTTPBytes.isFieldValue(bytes[index]) { index += 1 }
            guard bytes[index] == HTTPBytes.cr, bytes[index + 1] == HTTPBytes.lf else {
                throw HTTPParseError(bytes[index] == HTTPBytes.lf ? .bareLineFeed : .badHeader)
            }
            var valueEnd = index
            while valueEnd > valueStart && HTTPBytes.isWhitespace(bytes[valueEnd - 1]) { valueEnd -= 1 }
            guard fields.count < maxCount else { throw HTTPParseError(.tooManyHeaders) }
            let name = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<nameEnd])
            let value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<valueEnd])
            try scan.observe(name: name, value: value)
            fields.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
            lineStart = index + 2
        }
    }

    enum HeadEnd {
        case found(Int)
        case notYet
        case bareLineFeed
    }

    /// Finds the index just past the first CRLFCRLF at or after `from`.
    /// `floor` is the earliest index the CRLFCRLF may start at. A LF without
    /// its CR is reported at once: such a head can never become valid.
    static func findHeadEnd(_ bytes: UnsafeRawBufferPointer, from: Int, floor: Int) -> HeadEnd {
        var position = max(from, floor)
        while let lf = find(HTTPBytes.lf, in: bytes, from: position) {
            guard lf > floor, bytes[lf - 1] == HTTPBytes.cr else {
                if lf > floor { return .bareLineFeed }
                position = lf + 1
                continue
            }
            if lf - 3 >= floor, bytes[lf - 2] == HTTPBytes.lf, bytes[lf - 3] == HTTPBytes.cr {
                return .found(lf + 1)
            }
            position = lf + 1
        }
        return .notYet
    }

    /// The index of the first `byte` in `bytes[from...]`, found with memchr.
    @inline(__always)
    static func find(_ byte: UInt8, in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard from < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), bytes.count - from) else { return nil }
        return UnsafeRawPointer(hit) - base
    }

    // RFC 9112, section 6.3: decides how the body is delimited, refusing every
    // combination that two parsers could read differently.
    private static func requestFraming(_ scan: HTTPFieldScan, minor: Int) throws(HTTPParseError) -> HTTPBodyFraming {
        if minor >= 1 && scan.hostCount != 1 { throw HTTPParseError(.missingHost) }
        if scan.hostCount > 1 { throw HTTPParseError(.missingHost) }
        let framing: HTTPBodyFraming
        if scan.transferEncodingSeen {
            if scan.contentLength != nil { throw HTTPParseError(.ambiguousFraming) }
            if minor == 0 { throw HTTPParseError(.badTransferEncoding) }
            if !scan.chunkedIsFinal { throw HTTPParseError(.badTransferEncoding) }
            if scan.otherCodings > 0 { throw HTTPParseError(.unsupportedTransferCoding) }
            framing = .chunked
        } else if let length = scan.contentLength {
            framing = length == 0 ? .none : .contentLength(length)
        } else {
            framing = .none
        }
        if scan.expectOther { throw HTTPParseError(.unsupportedExpectation) }
        return framing
    }

    private static func parseRequestLine(_ line: UnsafeRawBufferPointer) -> Result<(String, String, Int), HTTPParseError> {
        let bad = HTTPParseError(.badRequestLine)
        var index = 0
        while index < line.count && HTTPBytes.isToken(line[index]) { index += 1 }
        let methodEnd = index
        guard methodEnd > 0, index < line.count, line[index] == HTTPBytes.space else { return .failure(bad) }
        index += 1
        let targetStart = index
        while index < line.count && HTTPBytes.isVisible(line[index]) { index += 1 }
        let targetEnd = index
        guard targetEnd > targetStart, index < line.count, line[index] == HTTPBytes.space,
              line.count - index - 1 == 8
        else { return .failure(bad) }
        let version = UnsafeRawBufferPointer(rebasing: line[(index + 1)...])
        guard isVersionShaped(version) else { return .failure(bad) }
        guard let minor = versionMinor(version) else { return .failure(HTTPParseError(.unsupportedVersion)) }
        let method = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<methodEnd]), as: UTF8.self)
        let target = String(decoding: UnsafeRawBufferPointer(rebasing: line[targetStart..<targetEnd]), as: UTF8.self)
        return .success((method, target, minor))
    }

    /// `HTTP/d.d`.
    private static func isVersionShaped(_ version: UnsafeRawBufferPointer) -> Bool {
        let prefix: StaticString = "HTTP/"
        for index in 0..<5 where version[index] != prefix.utf8Start[index] { return false }
        return isDigit(version[5]) && version[6] == UInt8(ascii: ".") && isDigit(version[7])
    }

    /// The minor version of `HTTP/1.x`; nil for any other version.
    /// Minor versions above 1 are answered as 1.1 (RFC 9110, section 2.5).
    private static func versionMinor(_ version: UnsafeRawBufferPointer) -> Int? {
        guard version.count == 8, isVersionShaped(version), version[5] == UInt8(ascii: "1") else { return nil }
        return min(Int(version[7] - 48), 1)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 48 && byte <= 57
    }

    // Rejects a request line that can never become valid before its CRLF
    // arrives, so garbage is answered at once instead of after a timeout.
    private static func checkRequestLinePrefix(_ prefix: UnsafeRawBufferPointer) -> HTTPParseError? {
        var index = 0
        while index < prefix.count && HTTPBytes.isToken(prefix[index]) { index += 1 }
        guard index < prefix.count else { return nil }
        guard index > 0, prefix[index] == HTTPBytes.space else { return HTTPParseError(.badRequestLine) }
        index += 1
        while index < prefix.count && HTTPBytes.isVisible(prefix[index]) { index += 1 }
        guard index < prefix.count else { return nil }
        guard prefix[index] == HTTPBytes.space else { return HTTPParseError(.badRequestLine) }
        let version = prefix.count - index - 1
        let template: StaticString = "HTTP/1.1\r"
        for offset in 0..<min(version, 9) {
            let byte = prefix[index + 1 + offset]
            let expected = template.utf8Start[offset]
            let ok = offset == 5 || offset == 7 ? isDigit(byte) : byte == expected
            if !ok { return HTTPParseError(.badRequestLine) }
        }
        return version > 9 ? HTTPParseError(.badRequestLine) : nil
    }
}
