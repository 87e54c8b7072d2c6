// SPDX-License-Identifier: Apache-2.0

/// Error codes from response bodies: S3's XML (`<Code>SlowDown</Code>`) and
/// the app server's JSON (`{"error": "SlowDown"}`).
enum ErrorBody {
    /// The error code in `body`, or `http_<status>` when it names none.
    static func code(status: Int, body: [UInt8]) -> String {
        xmlElement("Code", in: body) ?? jsonString("error", in: body) ?? "http_\(status)"
    }

    /// The `<Message>` (XML) or `"message"` (JSON), if any.
    static func message(in body: [UInt8]) -> String? {
        xmlElement("Message", in: body) ?? jsonString("message", in: body)
    }

    /// The text of the first `<name>...</name>` element.
    static func xmlElement(_ name: String, in body: [UInt8]) -> String? {
        let open = Array("<\(name)>".utf8)
        let close = Array("</\(name)>".utf8)
        guard let start = find(open, in: body, from: 0) else { return nil }
        let valueStart = start + open.count
        guard let end = find(close, in: body, from: valueStart) else { return nil }
        return String(decoding: body[valueStart..<end], as: UTF8.self)
    }

    /// A top-level string member of a JSON object.
    static func jsonString(_ name: String, in body: [UInt8]) -> String? {
        guard body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{"),
              let object = JSONObject(parsing: body)
        else { return nil }
        return object.string(name)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}
