// SPDX-License-Identifier: Apache-2.0

extension Encoding {
    /// `text` as XML 1.0 character data, well-formed for any input.
    ///
    /// The five special characters become entity references and a carriage
    /// return becomes `&#13;` (a parser would read a literal one as a line feed).
    /// Characters outside XML 1.0's `Char` production
    /// (https://www.w3.org/TR/xml/#charsets: C0 controls other than tab, line
    /// feed and carriage return, U+FFFE and U+FFFF) have no legal form at all,
    /// not even as a character reference, so each becomes U+FFFD.
    ///
    /// Real S3 writes them as references like `&#x1;`, which XML 1.0 parsers
    /// refuse (the reason its listings offer `encoding-type=url`); a document
    /// that no client can parse helps nobody, hence the replacement.
    /// - Parameter text: Element text or an attribute value.
    /// - Returns: `text` itself when nothing needs escaping.
    public static func xmlEscaped(_ text: String) -> String {
        // 0xEF leads the UTF-8 of U+FFFE and U+FFFF; most text has nothing to do.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0xEF || xmlSpecial(byte: $0) }) else {
            return text
        }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\r": escaped += "&#13;"
            case "\t", "\n": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                escaped.unicodeScalars.append("\u{FFFD}")
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    @inline(__always)
    private static func xmlSpecial(byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
