// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation

/// The little S3 XML the app server reads and writes: error codes, upload ids,
/// ETags, and the CompleteMultipartUpload request body.
///
/// S3's answers are flat and small, so a tag scan is enough; values are
/// unescaped for the five predefined XML entities.
enum S3XML {
    /// The text of the first `<tag>...</tag>` in `document`, unescaped.
    static func firstValue(of tag: String, in document: [UInt8]) -> String? {
        let text = String(decoding: document, as: UTF8.self)
        guard let open = text.range(of: "<\(tag)>"),
              let close = text.range(of: "</\(tag)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return unescaped(text[open.upperBound..<close.lowerBound])
    }

    /// `(code, message)` of an `<Error>` document, if it is one.
    static func error(in document: [UInt8]) -> (code: String, message: String)? {
        guard let code = firstValue(of: "Code", in: document),
              String(decoding: document.prefix(256), as: UTF8.self).contains("<Error>")
        else { return nil }
        return (code, firstValue(of: "Message", in: document) ?? "")
    }

    /// The body of CompleteMultipartUpload for `parts` in part-number order.
    static func completeMultipartUpload(_ parts: [(number: Int, etag: String)]) -> [UInt8] {
        var text = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts.sorted(by: { $0.number < $1.number }) {
            text += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\(escaped(part.etag))</ETag></Part>"
        }
        text += "</CompleteMultipartUpload>"
        return Array(text.utf8)
    }

    static func escaped(_ text: String) -> String {
        Encoding.xmlEscaped(text)
    }

    static func unescaped(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        return text
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
