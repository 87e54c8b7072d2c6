// SPDX-License-Identifier: Apache-2.0

/// Decodes a chunked body (RFC 9112, section 7.1) in place: it reports where
/// the data bytes are in the buffer it is given, so bodies are passed on as
/// slices and never copied.
///
/// Chunk extensions are checked for shape and ignored. A size line longer
/// than `maxLineBytes` or a trailer section larger than `maxTrailerBytes` is
/// refused, so a peer cannot make the server buffer without bound.
struct ChunkedDecoder {
    enum Step {
        /// Body bytes at `range`; everything before `range.upperBound` is consumed.
        case data(Range<Int>)
        /// The buffer ends inside framing; `consumed` bytes were used.
        case needMore(consumed: Int)
        /// The last chunk and trailers ended after `consumed` bytes.
        case end(trailers: HTTPHeaders, consumed: Int)
    }

    private enum State {
        case size
        case data(remaining: Int64)
        case dataEnd
        case trailers
        case done
    }

    private var state = State.size
    let maxLineBytes: Int
    let maxTrailerBytes: Int
    let maxTrailerCount: Int

    init(maxLineBytes: Int = 4096, maxTrailerBytes: Int = 16 * 1024, maxTrailerCount: Int = 100) {
        self.maxLineBytes = maxLineBytes
        self.maxTrailerBytes = maxTrailerBytes
        self.maxTrailerCount = maxTrailerCount
    }

    /// Decodes from the start of `bytes` up to the first data bytes, the end
    /// of the body, or the end of the buffer.
    mutating func next(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> Step {
        var offset = 0
        while true {
            switch state {
            case .size:
                guard let lf = HTTPHeadParser.find(HTTPBytes.lf, in: bytes, from: offset) else {
                    if bytes.count - offset > maxLineBytes { throw HTTPParseError(.badChunk) }
                    return .needMore(consumed: offset)
                }
                if lf - offset > maxLineBytes { throw HTTPParseError(.badChunk) }
                let size = try Self.parseSizeLine(UnsafeRawBufferPointer(rebasing: bytes[offset..<lf]))
                state = size == 0 ? .trailers : .data(remaining: size)
                offset = lf + 1
            case .data(let remaining):
                let available = bytes.count - offset
                guard available > 0 else { return .needMore(consumed: offset) }
                let taken = Int(min(Int64(available), remaining))
                state = remaining == Int64(taken) ? .dataEnd : .data(remaining: remaining - Int64(taken))
                return .data(offset..<(offset + taken))
            case .dataEnd:
                guard bytes.count - offset >= 2 else {
                    if bytes.count > offset && bytes[offset] != HTTPBytes.cr { throw HTTPParseError(.badChunk) }
                    return .needMore(consumed: offset)
                }
                guard bytes[offset] == HTTPBytes.cr, bytes[offset + 1] == HTTPBytes.lf else {
                    throw HTTPParseError(.badChunk)
                }
                offset += 2
                state = .size
            case .trailers:
                return try trailers(bytes, from: offset)
            case .done:
                return .end(trailers: HTTPHeaders(), consumed: offset)
            }
        }
    }

    private mutating func trailers(_ bytes: UnsafeRawBufferPointer, from offset: Int) throws(HTTPParseError) -> Step {
        if bytes.count - offset >= 2 && bytes[offset] == HTTPBytes.cr && bytes[offset + 1] == HTTPBytes.lf {
            state = .done
            return .end(trailers: HTTPHeaders(), consumed: offset + 2)
        }
        switch HTTPHeadParser.findHeadEnd(bytes, from: offset, floor: offset) {
        case .bareLineFeed:
            throw HTTPParseError(.badChunk)
        case .notYet:
            if bytes.count - offset > maxTrailerBytes { throw HTTPParseError(.badChunk) }
            return .needMore(consumed: offset)
        case .found(let end):
            if end - offset > maxTrailerBytes { throw HTTPParseError(.badChunk) }
            var fields: [(name: String, value: String)] = []
            var scan = HTTPFieldScan()
            try HTTPHeadParser.parseFields(bytes, from: offset, to: end - 2, maxCount: maxTrailerCount,
                                           into: &fields, scan: &scan)
            state = .done
            return .end(trailers: HTTPHeaders(fields), consumed: end)
        }
    }

    /// `chunk-size [ chunk-ext ] CRLF`, given the line without its LF.
    private static func parseSizeLine(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> Int64 {
        guard line.count >= 2, line[line.count - 1] == HTTPBytes.cr else { throw HTTPParseError(.badChunk) }
        var size: Int64 = 0
        var index = 0
        while index < line.count - 1, let digit = hexValue(line[index]) {
            // 15 hex digits already exceed any body this server accepts.
            guard index < 15 else { throw HTTPParseError(.badChunk) }
            size = size << 4 | Int64(digit)
            index += 1
        }
        guard index > 0 else { throw HTTPParseError(.badChunk) }
        var rest = index
        while rest < line.count - 1 && HTTPBytes.isWhitespace(line[rest]) { rest += 1 }
        if rest < line.count - 1 {
            guard line[rest] == UInt8(ascii: ";") else { throw HTTPParseError(.badChunk) }
            for position in rest..<(line.count - 1) where !HTTPBytes.isFieldValue(line[position]) {
                throw HTTPParseError(.badChunk)
            }
        }
        return size
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: return byte - 48
        case 65...70: return byte - 55
        case 97...102: return byte - 87
        default: return nil
        }
    }
}
