// SPDX-License-Identifier: Apache-2.0

import Digest

/// The canonical request of SigV4 (task 1): the exact bytes whose hash is signed.
///
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
public struct CanonicalRequest: Sendable, Hashable {
    /// The HTTP method, as sent (`PUT`).
    public var method: String
    /// The path, URI-encoded once (`/bucket/my%20file.txt`).
    public var uri: String
    /// The query, encoded and sorted (`a=1&b=`); empty when there is none.
    public var query: String
    /// One `name:value\n` line per signed header, sorted by name.
    public var headers: String
    /// The signed header names, lowercase, sorted, joined by `;`.
    public var signedHeaders: String
    /// The hex SHA-256 of the body, or a literal such as `UNSIGNED-PAYLOAD`.
    public var payloadHash: String

    /// Creates a canonical request from parts that are already canonical.
    public init(method: String, uri: String, query: String, headers: String, signedHeaders: String, payloadHash: String) {
        self.method = method
        self.uri = uri
        self.query = query
        self.headers = headers
        self.signedHeaders = signedHeaders
        self.payloadHash = payloadHash
    }

    /// The canonical request text, lines separated by `\n`, no trailing newline.
    public var text: String {
        "\(method)\n\(uri)\n\(query)\n\(headers)\n\(signedHeaders)\n\(payloadHash)"
    }

    /// Lowercase hex SHA-256 of `text`, the last line of the string to sign.
    public var hashHex: String {
        // Hashed part by part: the same bytes as `text`, without assembling it.
        var hash = IncrementalHash(.sha256)
        let newline: [UInt8] = [UInt8(ascii: "\n")]
        for (index, part) in [method, uri, query, headers, signedHeaders, payloadHash].enumerated() {
            if index > 0 { hash.update(newline) }
            var part = part
            part.withUTF8 { hash.update(UnsafeRawBufferPointer($0)) }
        }
        return Encoding.hex(hash.finalize())
    }
}

// Building blocks shared by the signer (which starts from decoded values) and the
// verifier (which starts from the bytes on the wire): both end in the same encoder,
// so a key signed by one is canonicalised identically by the other.
extension CanonicalRequest {
    /// One query parameter, both parts already encoded.
    struct EncodedParameter {
        var name: [UInt8]
        var value: [UInt8]
    }

    /// Encodes decoded query parameters.
    static func encodedParameters(_ pairs: [(name: String, value: String)]) -> [EncodedParameter] {
        pairs.map { pair in
            var name = [UInt8]()
            var value = [UInt8]()
            URIEncoding.append(pair.name.utf8, keepingSlash: false, to: &name)
            URIEncoding.append(pair.value.utf8, keepingSlash: false, to: &value)
            return EncodedParameter(name: name, value: value)
        }
    }

    /// Sorts by encoded name, then encoded value (byte order), and joins as `name=value&…`.
    static func canonicalQuery(_ parameters: [EncodedParameter]) -> String {
        let sorted = parameters.sorted { left, right in
            if left.name != right.name { return left.name.lexicographicallyPrecedes(right.name) }
            return left.value.lexicographicallyPrecedes(right.value)
        }
        var output = [UInt8]()
        for (index, parameter) in sorted.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "&")) }
            output += parameter.name
            output.append(UInt8(ascii: "="))
            output += parameter.value
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The canonical headers block for `names` (lowercase), in the order given.
    ///
    /// Values of repeated headers are joined with `,` in arrival order; each value is
    /// trimmed and its inner whitespace runs (including folded line breaks) become one space.
    /// A name without any header contributes `name:` so the signature simply does not match.
    static func canonicalHeaders(_ headers: [(name: String, value: String)], names: [String]) -> String {
        // One byte buffer and no lowercased copies: this runs for every signed
        // and every verified request.
        var block = [UInt8]()
        block.reserveCapacity(headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
        for name in names {
            block += name.utf8
            block.append(UInt8(ascii: ":"))
            var first = true
            for index in headers.indices where ASCIICase.equals(headers[index].name, lowercase: name) {
                if !first { block.append(UInt8(ascii: ",")) }
                appendNormalised(headers[index].value, to: &block)
                first = false
            }
            block.append(UInt8(ascii: "\n"))
        }
        return String(decoding: block, as: UTF8.self)
    }

    /// The block and signed-headers list a signer produces: every name of `headers`, once, sorted.
    static func signedHeaderBlock(_ headers: [(name: String, value: String)]) -> (block: String, signedHeaders: String) {
        let names = Set(headers.map { lowercased($0.name) }).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return (canonicalHeaders(headers, names: names), names.joined(separator: ";"))
    }

    /// ASCII lowercase; header names are ASCII tokens.
    static func lowercased(_ name: String) -> String {
        var needsWork = false
        for byte in name.utf8 where byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
            needsWork = true
            break
        }
        guard needsWork else { return name }
        return String(decoding: name.utf8.map { byte in
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
        }, as: UTF8.self)
    }

    /// Appends `value` trimmed, with each inner run of whitespace as one space.
    static func appendNormalised(_ value: String, to output: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            // Copies each run of non-space bytes whole: a byte-by-byte append cost
            // about 60 instructions a byte of every signed header value.
            var index = 0
            var wroteAny = false
            while index < bytes.count {
                while index < bytes.count, isFoldableSpace(bytes[index]) { index += 1 }
                guard index < bytes.count else { break }
                let start = index
                while index < bytes.count, !isFoldableSpace(bytes[index]) { index += 1 }
                if wroteAny { output.append(UInt8(ascii: " ")) }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                wroteAny = true
            }
        }
    }

    @inline(__always)
    private static func isFoldableSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }
}
