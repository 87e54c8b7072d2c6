// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A `multipart/form-data` body parsed as it arrives (RFC 7578, RFC 2046 §5.1.1).
///
/// It holds only the bytes it cannot decide yet: a part's header block (bounded by
/// `maximumHeaderBytes`) or a tail shorter than the delimiter that may start one.
/// Part data is handed on as it is found, never collected.
final class MultipartFormParser {
    /// One part's header block.
    struct PartHeaders {
        /// The `name` of `Content-Disposition: form-data`.
        var name: String
        /// The `filename`, for file parts.
        var filename: String?
        /// The header block's size on the wire, delimiter included.
        var size: Int
    }

    enum Event {
        case partStart(PartHeaders)
        case data(UnsafeRawBufferPointer)
        case partEnd
    }

    private enum State {
        case preamble, afterDelimiter, headers, body, epilogue
    }

    /// `CRLF--boundary`: a part's data ends right before it.
    private let delimiter: [UInt8]
    private let maximumHeaderBytes: Int
    private var state = State.preamble
    /// Undecided bytes; starts with the CRLF the first delimiter lacks.
    private var buffer: [UInt8] = [13, 10]
    /// The most bytes `buffer` held.
    private(set) var peakBuffered = 0

    /// The boundary parameter of a `multipart/form-data` content type, or nil.
    static func boundary(contentType: String) -> String? {
        let parameters = contentType.split(separator: ";").map { $0.trimmingWhitespace() }
        guard parameters.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parameters.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingWhitespace().lowercased() == "boundary" else { continue }
            var value = Substring(pair[1].trimmingWhitespace())
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            // RFC 2046: 1 to 70 characters.
            return (1...70).contains(value.utf8.count) ? String(value) : nil
        }
        return nil
    }

    init(boundary: String, maximumHeaderBytes: Int) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.maximumHeaderBytes = maximumHeaderBytes
    }

    /// Whether the closing delimiter was seen.
    var isComplete: Bool { state == .epilogue }

    /// Parses `bytes`, reporting parts and their data to `handle` in order.
    /// - Throws: `MalformedPOSTRequest`, or what `handle` throws.
    func feed(_ bytes: UnsafeRawBufferPointer, _ handle: (Event) throws(S3Error) -> Void) throws(S3Error) {
        guard state != .epilogue else { return }
        buffer.append(contentsOf: bytes)
        peakBuffered = max(peakBuffered, buffer.count)
        var start = 0
        defer { buffer.removeSubrange(0..<start) }
        while start < buffer.count {
            switch state {
            case .preamble:
                // Anything before the first delimiter is ignored (RFC 2046).
                guard let found = find(delimiter, from: start) else {
                    start = max(start, buffer.count - delimiter.count + 1)
                    return
                }
                start = found + delimiter.count
                state = .afterDelimiter
            case .afterDelimiter:
                guard let next = try afterDelimiter(from: start) else { return }
                start = next
            case .headers:
                guard let next = try headers(from: start, handle) else { return }
                start = next
            case .body:
                start = try body(from: start, handle)
                if state == .body { return }
            case .epilogue:
                start = buffer.count
            }
        }
    }

    /// Ends the body.
    /// - Throws: `MalformedPOSTRequest` unless the closing delimiter was seen.
    func finish() throws(S3Error) {
        guard state == .epilogue else { throw .malformedPOST() }
    }

    /// After a delimiter: `--` closes the body, CRLF starts a part; transport padding is skipped.
    private func afterDelimiter(from start: Int) throws(S3Error) -> Int? {
        var index = start
        while index < buffer.count, buffer[index] == 32 || buffer[index] == 9 { index += 1 }
        guard index + 2 <= buffer.count else { return nil }
        switch (buffer[index], buffer[index + 1]) {
        case (45, 45):
            state = .epilogue
            return buffer.count
        case (13, 10):
            state = .headers
            return index + 2
        default:
            throw .malformedPOST()
        }
    }

    private func headers(from start: Int, _ handle: (Event) throws(S3Error) -> Void) throws(S3Error) -> Int? {
        let end: Int
        if buffer.count - start >= 2, buffer[start] == 13, buffer[start + 1] == 10 {
            end = start  // an empty header block
        } else if let found = find([13, 10, 13, 10], from: start) {
            end = found + 2
        } else {
            guard buffer.count - start <= maximumHeaderBytes else { throw .maxPostPreDataLengthExceeded }
            return nil
        }
        let block = String(decoding: buffer[start..<end], as: UTF8.self)
        var headers = try Self.partHeaders(block)
        headers.size = end + 2 - start + delimiter.count
        state = .body
        try handle(.partStart(headers))
        return end + 2
    }

    /// Hands on the data before the next delimiter, keeping a tail that may start one.
    private func body(from start: Int, _ handle: (Event) throws(S3Error) -> Void) throws(S3Error) -> Int {
        let found = find(delimiter, from: start)
        let end = found ?? max(start, buffer.count - delimiter.count + 1)
        if end > start {
            // `withUnsafeBytes` rethrows untyped errors: the typed one is carried out by value.
            let failure: S3Error? = buffer.withUnsafeBytes { all in
                do throws(S3Error) {
                    try handle(.data(UnsafeRawBufferPointer(rebasing: all[start..<end])))
                    return nil
                } catch {
                    return error
                }
            }
            if let failure { throw failure }
        }
        guard let found else { return end }
        state = .afterDelimiter
        try handle(.partEnd)
        return found + delimiter.count
    }

    /// The first index of `pattern` in `buffer` at or after `start`.
    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        buffer.withUnsafeBytes { all in
            pattern.withUnsafeBytes { needle in
                let count = all.count
                var index = start
                while index + needle.count <= count {
                    guard let hit = memchr(all.baseAddress! + index, Int32(needle[0]), count - index) else { return nil }
                    index = all.baseAddress!.distance(to: UnsafeRawPointer(hit))
                    guard index + needle.count <= count else { return nil }
                    if memcmp(all.baseAddress! + index, needle.baseAddress!, needle.count) == 0 { return index }
                    index += 1
                }
                return nil
            }
        }
    }

    /// Reads `Content-Disposition: form-data; name="..."; filename="..."` from a header block.
    private static func partHeaders(_ block: String) throws(S3Error) -> PartHeaders {
        for line in block.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":"),
                  line[..<colon].trimmingWhitespace().lowercased() == "content-disposition"
            else { continue }
            let parameters = dispositionParameters(line[line.index(after: colon)...])
            guard let name = parameters["name"] else { break }
            return PartHeaders(name: name, filename: parameters["filename"], size: 0)
        }
        throw .malformedPOST()
    }

    /// `form-data; a="x"; b=y` as a lowercase-keyed dictionary; quoted values may escape with `\`.
    private static func dispositionParameters(_ value: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var rest = value[...]
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...]
            while rest.first == " " || rest.first == "\t" { rest = rest.dropFirst() }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let name = rest[..<equals].trimmingWhitespace().lowercased()
            rest = rest[rest.index(after: equals)...]
            var parsed = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\", let escaped = rest.first {
                        parsed.append(escaped)
                        rest = rest.dropFirst()
                    } else {
                        parsed.append(character)
                    }
                }
                rest = rest.dropFirst()
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                parsed = rest[..<end].trimmingWhitespace()
                rest = rest[end...]
            }
            result[name] = parsed
        }
        return result
    }
}
