// SPDX-License-Identifier: Apache-2.0

import SigV4

/// An `http(s)://host[:port]/path?query` URL taken apart for signing.
///
/// Foundation's URL refuses spaces and other characters that S3 keys may hold, so
/// the URL is split by hand. The path may be written raw (`my file.txt`) or
/// percent-encoded (`my%20file.txt`); it is decoded once and the signer encodes it
/// again S3's way, so `+` stays a plus and `%2B` is also a plus.
struct RequestURL {
    /// `http` or `https`, lowercase.
    var scheme: String
    /// The authority as written (`127.0.0.1:9000`, `bucket.s3.amazonaws.com`).
    var authority: String
    /// The `Host` header a client sends for this URL: the authority without a default port.
    var hostHeader: String
    /// The decoded path, `/` when the URL has none.
    var path: String
    /// The decoded query parameters.
    var query: [(name: String, value: String)]

    init(_ text: String) throws(CommandLineError) {
        guard let schemeEnd = text.range(of: "://") else {
            throw .usage("The URL must start with http:// or https://; got '\(text)'.")
        }
        scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw .usage("The URL must start with http:// or https://; got '\(text)'.")
        }
        let rest = text[schemeEnd.upperBound...]
        guard !rest.contains("#") else {
            throw .usage("The URL must not contain a fragment; write '#' in a key as %23.")
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        authority = String(rest[..<authorityEnd])
        hostHeader = try Self.hostHeader(authority: authority, scheme: scheme)

        let target = rest[authorityEnd...]
        let queryStart = target.firstIndex(of: "?")
        let rawPath = queryStart.map { target[..<$0] } ?? target
        guard let decoded = URIEncoding.decode(rawPath.isEmpty ? "/" : rawPath, plusAsSpace: false) else {
            throw .usage("The URL path has a '%' that is not followed by two hex digits; write a literal '%' as %25.")
        }
        // Decoding invalid UTF-8 would swap in U+FFFD and sign a key other than the one written.
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw .usage("The URL path decodes to bytes that are not UTF-8; S3 keys are UTF-8 text.")
        }
        path = text
        query = try queryStart.map { index throws(CommandLineError) in
            try Self.parameters(target[target.index(after: index)...])
        } ?? []
        if query.contains(where: { $0.name.lowercased().hasPrefix("x-amz-") }) {
            throw .usage("The URL already carries X-Amz-* parameters; pass the URL without them.")
        }
    }

    private static func hostHeader(authority: String, scheme: String) throws(CommandLineError) -> String {
        guard !authority.isEmpty, !authority.contains("@") else {
            throw .usage("The URL needs a host and no user name, as in http://127.0.0.1:9000/bucket/key.")
        }
        // The port follows the last ':' unless that ':' is inside an IPv6 literal.
        guard let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") else {
            return authority
        }
        let host = authority[..<colon]
        let port = authority[authority.index(after: colon)...]
        guard !host.isEmpty else {
            throw .usage("The URL needs a host before the port, as in http://127.0.0.1:9000/bucket/key.")
        }
        guard let number = Int(port), (1...65_535).contains(number), port.first != "+" else {
            throw .usage("The URL port must be a number from 1 to 65535; got '\(port)'.")
        }
        // Clients leave the default port out of Host, and the signature must match what they send.
        let isDefault = (scheme == "http" && number == 80) || (scheme == "https" && number == 443)
        return isDefault ? String(host) : authority
    }

    private static func parameters(_ raw: Substring) throws(CommandLineError) -> [(name: String, value: String)] {
        var parameters = [(name: String, value: String)]()
        for piece in raw.split(separator: "&") {
            let equals = piece.firstIndex(of: "=")
            let name = equals.map { piece[..<$0] } ?? piece
            let value = equals.map { piece[piece.index(after: $0)...] } ?? ""
            guard let decodedName = URIEncoding.decode(name, plusAsSpace: true),
                  let decodedValue = URIEncoding.decode(value, plusAsSpace: true)
            else {
                throw .usage("The URL query has a '%' that is not followed by two hex digits.")
            }
            guard let nameText = String(validating: decodedName, as: UTF8.self),
                  let valueText = String(validating: decodedValue, as: UTF8.self)
            else {
                throw .usage("The URL query decodes to bytes that are not UTF-8.")
            }
            parameters.append((name: nameText, value: valueText))
        }
        return parameters
    }
}
