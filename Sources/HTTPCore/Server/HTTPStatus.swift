// SPDX-License-Identifier: Apache-2.0

/// Reason phrases for status lines (RFC 9110, section 15). Clients ignore
/// them, so unknown codes get an empty phrase rather than an error.
enum HTTPStatus {
    static func reason(_ status: Int) -> StaticString {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 206: return "Partial Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 411: return "Length Required"
        case 412: return "Precondition Failed"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 416: return "Range Not Satisfiable"
        case 417: return "Expectation Failed"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 505: return "HTTP Version Not Supported"
        default: return ""
        }
    }

    /// Responses that never have a body (RFC 9110, sections 15.2, 15.3.5, 15.4.5).
    static func hasNoBody(_ status: Int) -> Bool {
        status < 200 || status == 204 || status == 304
    }
}

extension ByteBuffer {
    mutating func append(_ literal: StaticString) {
        append(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// `HTTP/1.1 <status> <reason>\r\n`
    mutating func appendStatusLine(_ status: Int) {
        append("HTTP/1.1 ")
        append(decimal: status)
        append(byte: HTTPBytes.space)
        append(HTTPStatus.reason(status))
        append("\r\n")
    }

    /// `name: value\r\n`, or nothing if either part could break the framing
    /// (a CR or LF in a value would let a handler inject fields or responses).
    mutating func appendField(name: String, value: String) {
        // Checked and copied from contiguous bytes: every response field passes here.
        var name = name
        var value = value
        name.withUTF8 { name in
            value.withUTF8 { value in
                guard !name.isEmpty, name.allSatisfy(HTTPBytes.isToken), value.allSatisfy(HTTPBytes.isFieldValue) else {
                    return
                }
                append(UnsafeRawBufferPointer(name))
                append(": ")
                append(UnsafeRawBufferPointer(value))
                append("\r\n")
            }
        }
    }
}
