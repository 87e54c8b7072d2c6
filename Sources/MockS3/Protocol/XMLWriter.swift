// SPDX-License-Identifier: Apache-2.0

import Digest

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

    /// Escapes `value` as XML text (`Encoding.xmlEscaped`): well-formed for
    /// any key, including ones with control characters.
    static func escape(_ value: String) -> String {
        Encoding.xmlEscaped(value)
    }
}
