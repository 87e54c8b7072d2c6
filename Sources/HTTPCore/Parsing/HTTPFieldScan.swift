// SPDX-License-Identifier: Apache-2.0

/// What the framing-relevant header fields of one message said, collected
/// while the fields are parsed (RFC 9112, section 6).
struct HTTPFieldScan {
    var contentLength: Int64?
    var transferEncodingSeen = false
    var chunkedIsFinal = false
    var chunkedSeen = false
    var otherCodings = 0
    var connectionClose = false
    var connectionKeepAlive = false
    var expectContinue = false
    var expectOther = false
    var hostCount = 0

    /// Looks at one field; only a handful of names matter for framing.
    mutating func observe(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws(HTTPParseError) {
        switch name.count {
        case 4 where HTTPBytes.equalsLowercase(name, "host"):
            hostCount += 1
        case 6 where HTTPBytes.equalsLowercase(name, "expect"):
            if HTTPBytes.equalsLowercase(value, "100-continue") { expectContinue = true } else { expectOther = true }
        case 10 where HTTPBytes.equalsLowercase(name, "connection"):
            try Self.forEachElement(value) { token throws(HTTPParseError) in
                if HTTPBytes.equalsLowercase(token, "close") { connectionClose = true }
                if HTTPBytes.equalsLowercase(token, "keep-alive") { connectionKeepAlive = true }
            }
        case 14 where HTTPBytes.equalsLowercase(name, "content-length"):
            try observeContentLength(value)
        case 17 where HTTPBytes.equalsLowercase(name, "transfer-encoding"):
            try observeTransferEncoding(value)
        default:
            break
        }
    }

    // RFC 9110, section 8.6: a list of identical values may be taken as one
    // value; anything else is an unrecoverable framing error.
    private mutating func observeContentLength(_ value: UnsafeRawBufferPointer) throws(HTTPParseError) {
        var sawElement = false
        try Self.forEachElement(value) { element throws(HTTPParseError) in
            sawElement = true
            guard element.count > 0, element.count <= 18 else { throw HTTPParseError(.badContentLength) }
            var number: Int64 = 0
            for byte in element {
                guard byte >= 48 && byte <= 57 else { throw HTTPParseError(.badContentLength) }
                number = number * 10 + Int64(byte - 48)
            }
            if let contentLength, contentLength != number { throw HTTPParseError(.badContentLength) }
            contentLength = number
        }
        guard sawElement else { throw HTTPParseError(.badContentLength) }
    }

    private mutating func observeTransferEncoding(_ value: UnsafeRawBufferPointer) throws(HTTPParseError) {
        transferEncodingSeen = true
        try Self.forEachElement(value) { element throws(HTTPParseError) in
            var nameEnd = 0
            while nameEnd < element.count && HTTPBytes.isToken(element[nameEnd]) { nameEnd += 1 }
            let coding = UnsafeRawBufferPointer(rebasing: element[0..<nameEnd])
            if HTTPBytes.equalsLowercase(coding, "chunked") {
                // chunked must be applied exactly once and last (RFC 9112, section 6.1).
                guard !chunkedSeen, nameEnd == element.count else { throw HTTPParseError(.badTransferEncoding) }
                chunkedSeen = true
                chunkedIsFinal = true
            } else {
                guard !chunkedSeen, nameEnd > 0 else { throw HTTPParseError(.badTransferEncoding) }
                otherCodings += 1
                chunkedIsFinal = false
            }
        }
    }

    /// Calls `body` with each non-empty element of a comma-separated list, trimmed of whitespace.
    static func forEachElement(
        _ value: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer) throws(HTTPParseError) -> Void
    ) throws(HTTPParseError) {
        var start = 0
        while start <= value.count {
            var end = start
            while end < value.count && value[end] != UInt8(ascii: ",") { end += 1 }
            var low = start
            var high = end
            while low < high && HTTPBytes.isWhitespace(value[low]) { low += 1 }
            while high > low && HTTPBytes.isWhitespace(value[high - 1]) { high -= 1 }
            if high > low {
                try body(UnsafeRawBufferPointer(rebasing: value[low..<high]))
            }
            start = end + 1
        }
    }
}
