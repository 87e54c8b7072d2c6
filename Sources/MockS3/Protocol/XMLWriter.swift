// SPDX-License-Identifier: Apache-2.0

/// Builds the small XML documents S3 answers with.
///
/// Elements are written in call order; text is escaped. Nothing here reads
/// XML (that is `XMLBodies`, over FoundationXML).
struct XMLWriter {
    private(set) var text = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"

    /// Opens `name` (with S3's namespace when `namespaced`), runs `content`, closes it.
    mutating func element(_ name: String, namespaced: Bool = false, _ content: (inout XMLWriter) -> Void) {
        text += namespaced ? "<\(name) xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" : "<\(name)>"
        content(&self)
        text += "</\(name)>"
    }

    /// Writes `<name>value</name>`.
    mutating func leaf(_ name: String, _ value: String) {
        text += "<\(name)>"
        text += Self.escape(value)
        text += "</\(name)>"
    }

    /// Writes `<name>value</name>` when `value` is not nil.
    mutating func leaf(_ name: String, ifPresent value: String?) {
        if let value { leaf(name, value) }
    }

    /// Appends markup as is (for elements with attributes).
    mutating func raw(_ markup: String) {
        text += markup
    }

    var bytes: [UInt8] { Array(text.utf8) }

    /// Escapes the five XML special characters; control characters other than
    /// tab and newlines are written as character references, as S3 does.
    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return value
        }
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20: escaped += "&#\(scalar.value);"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
