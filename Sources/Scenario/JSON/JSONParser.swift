// SPDX-License-Identifier: Apache-2.0

/// A strict JSON reader that also accepts `//` and `/* */` comments and trailing commas.
///
/// Foundation's `JSONDecoder` (even with `allowsJSON5`) keeps the first of two duplicate
/// keys without a word and reports syntax errors with no position, so scenario files use
/// this reader instead: duplicate keys are errors and every syntax error has a line and
/// column. Everything it accepts is also valid JSON5.
struct JSONParser {
    /// A syntax error at a 1-based line and column.
    struct SyntaxError: Error, Equatable {
        let line: Int
        let column: Int
        let message: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0

    /// Nesting deeper than this is refused rather than risking the stack.
    private static let maximumDepth = 64

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses one complete document.
    mutating func parseDocument() throws(SyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            index = 3
        }
        try skipTrivia()
        guard index < bytes.count else {
            throw error("the file is empty; expected a JSON object")
        }
        let value = try parseValue()
        try skipTrivia()
        if index < bytes.count {
            throw error("unexpected \(describeCurrent()) after the end of the document")
        }
        return value
    }

    private mutating func parseValue() throws(SyntaxError) -> JSONValue {
        let startLine = line
        guard let byte = peek() else {
            throw error("unexpected end of file; expected a value")
        }
        switch byte {
        case UInt8(ascii: "{"): return JSONValue(kind: try parseObject(), line: startLine)
        case UInt8(ascii: "["): return JSONValue(kind: try parseArray(), line: startLine)
        case UInt8(ascii: "\""): return JSONValue(kind: .string(try parseString()), line: startLine)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONValue(kind: .number(try parseNumber()), line: startLine)
        default:
            for (word, kind) in [("true", JSONValue.Kind.bool(true)), ("false", .bool(false)), ("null", .null)]
            where matches(word) {
                index += word.utf8.count
                return JSONValue(kind: kind, line: startLine)
            }
            if byte == UInt8(ascii: "'") {
                throw error("strings use double quotes (\"), not single quotes")
            }
            throw error("unexpected \(describeCurrent()); expected a value (object, list, string, number, true, false or null)")
        }
    }

    private mutating func parseObject() throws(SyntaxError) -> JSONValue.Kind {
        try enter()
        index += 1
        var members: [JSONValue.Member] = []
        while true {
            try skipTrivia()
            guard let byte = peek() else {
                throw error("unexpected end of file inside an object; expected \"}\"")
            }
            if byte == UInt8(ascii: "}") {
                index += 1
                break
            }
            guard byte == UInt8(ascii: "\"") else {
                throw error("unexpected \(describeCurrent()); expected a field name in double quotes or \"}\"")
            }
            let keyLine = line
            let keyColumn = column
            let key = try parseString()
            if members.contains(where: { $0.key == key }) {
                throw SyntaxError(line: keyLine, column: keyColumn, message: "duplicate field \"\(key)\"")
            }
            try skipTrivia()
            guard peek() == UInt8(ascii: ":") else {
                throw error("unexpected \(describeCurrent()); expected \":\" after \"\(key)\"")
            }
            index += 1
            try skipTrivia()
            members.append(JSONValue.Member(key: key, line: keyLine, value: try parseValue()))
            guard try consumeSeparator(closing: UInt8(ascii: "}")) else {
                break
            }
        }
        depth -= 1
        return .object(members)
    }

    private mutating func parseArray() throws(SyntaxError) -> JSONValue.Kind {
        try enter()
        index += 1
        var elements: [JSONValue] = []
        while true {
            try skipTrivia()
            guard let byte = peek() else {
                throw error("unexpected end of file inside a list; expected \"]\"")
            }
            if byte == UInt8(ascii: "]") {
                index += 1
                break
            }
            elements.append(try parseValue())
            guard try consumeSeparator(closing: UInt8(ascii: "]")) else {
                break
            }
        }
        depth -= 1
        return .array(elements)
    }

    /// After a member or element: consumes "," (returns true, more may follow) or the
    /// closing bracket (returns false).
    private mutating func consumeSeparator(closing: UInt8) throws(SyntaxError) -> Bool {
        try skipTrivia()
        switch peek() {
        case UInt8(ascii: ","):
            index += 1
            return true
        case closing:
            index += 1
            return false
        default:
            let expected = closing == UInt8(ascii: "}") ? "\",\" or \"}\"" : "\",\" or \"]\""
            throw error("unexpected \(describeCurrent()); expected \(expected)")
        }
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("nesting deeper than \(Self.maximumDepth) levels")
        }
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var chunkStart = index
        func flush(_ parser: JSONParser, upTo end: Int) {
            scalars.append(contentsOf: String(decoding: parser.bytes[chunkStart..<end], as: UTF8.self).unicodeScalars)
        }
        while true {
            guard let byte = peek() else {
                throw error("unexpected end of file inside a string")
            }
            switch byte {
            case UInt8(ascii: "\""):
                flush(self, upTo: index)
                index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush(self, upTo: index)
                index += 1
                scalars.append(try parseEscape())
                chunkStart = index
            case 0..<0x20:
                throw error("control character in a string (a line break must be written \\n)")
            default:
                index += 1
            }
        }
    }

    private mutating func parseEscape() throws(SyntaxError) -> Unicode.Scalar {
        guard let byte = peek() else {
            throw error("unexpected end of file inside a string")
        }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHex4()
            guard (0xD800..<0xDC00).contains(high) else {
                return Unicode.Scalar(high) ?? "\u{FFFD}"
            }
            guard matches("\\u") else {
                throw error("lone UTF-16 surrogate in \\u escape")
            }
            index += 2
            let low = try parseHex4()
            guard (0xDC00..<0xE000).contains(low) else {
                throw error("invalid UTF-16 surrogate pair in \\u escape")
            }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
        default:
            index -= 1
            throw error("invalid escape \\\(describeCurrent())")
        }
    }

    private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = Self.hexValue(byte) else {
                throw error("expected 4 hex digits after \\u")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Reads a number with JSON's grammar and keeps its text.
    private mutating func parseNumber() throws(SyntaxError) -> String {
        let start = index
        let startColumn = column
        if peek() == UInt8(ascii: "-") {
            index += 1
        }
        let integerStart = index
        try skipDigits(what: "a digit")
        if bytes[integerStart] == UInt8(ascii: "0") && index - integerStart > 1 {
            throw SyntaxError(line: line, column: startColumn, message: "numbers must not have leading zeros")
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            try skipDigits(what: "a digit after \".\"")
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") {
                index += 1
            }
            try skipDigits(what: "a digit in the exponent")
        }
        if let byte = peek(), Self.isWordByte(byte) {
            throw error("unexpected \(describeCurrent()) after a number; values with units are strings, like \"8MiB\"")
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skipDigits(what: String) throws(SyntaxError) {
        let start = index
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            index += 1
        }
        if index == start {
            throw error("unexpected \(describeCurrent()); expected \(what)")
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    /// Skips whitespace and comments, keeping the line count.
    private mutating func skipTrivia() throws(SyntaxError) {
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "/") where matches("//"):
                while let next = peek(), next != UInt8(ascii: "\n") {
                    index += 1
                }
            case UInt8(ascii: "/") where matches("/*"):
                let (openLine, openColumn) = (line, column)
                index += 2
                while !matches("*/") {
                    guard let next = peek() else {
                        throw SyntaxError(line: openLine, column: openColumn, message: "unterminated /* comment")
                    }
                    index += 1
                    if next == UInt8(ascii: "\n") {
                        line += 1
                        lineStart = index
                    }
                }
                index += 2
            default:
                return
            }
        }
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private func matches(_ word: String) -> Bool {
        var position = index
        for byte in word.utf8 {
            guard position < bytes.count, bytes[position] == byte else {
                return false
            }
            position += 1
        }
        return true
    }

    /// 1-based column in characters (UTF-8 continuation bytes do not count).
    private var column: Int {
        1 + bytes[lineStart..<min(index, bytes.count)].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else {
            return "end of file"
        }
        var end = index + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 {
            end += 1
        }
        return "\"\(String(decoding: bytes[index..<end], as: UTF8.self))\""
    }

    private func error(_ message: String) -> SyntaxError {
        SyntaxError(line: line, column: column, message: message)
    }
}
