// SPDX-License-Identifier: Apache-2.0

/// A query string as received, parsed into parameters that keep both their decoded
/// value (to read the `X-Amz-*` parameters) and their canonical encoding (to sign).
struct ReceivedQuery {
    struct Parameter {
        var name: String
        var value: String
        var encoded: CanonicalRequest.EncodedParameter
    }

    private(set) var parameters: [Parameter] = []

    /// Parses `a=1&b&c=%7E`. Empty pieces (`a=1&&b=2`) are skipped; `+` decodes to a
    /// space, as form encoding and S3 do for queries.
    /// - Throws: `VerificationError.malformedURI` for a `%` not followed by two hex digits.
    init(_ raw: Substring) throws(VerificationError) {
        // Bytes, not Characters: splitting a String walks grapheme clusters, which costs
        // more than the rest of the verification.
        for piece in raw.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = piece.firstIndex(of: UInt8(ascii: "="))
            let rawName = equals.map { piece[..<$0] } ?? piece
            let rawValue = equals.map { piece[piece.index(after: $0)...] } ?? piece[piece.endIndex...]
            guard let name = URIEncoding.decode(bytes: rawName, plusAsSpace: true),
                  let value = URIEncoding.decode(bytes: rawValue, plusAsSpace: true)
            else { throw .malformedURI }
            var encoded = CanonicalRequest.EncodedParameter(name: [], value: [])
            URIEncoding.append(name, keepingSlash: false, to: &encoded.name)
            URIEncoding.append(value, keepingSlash: false, to: &encoded.value)
            parameters.append(Parameter(
                name: String(decoding: name, as: UTF8.self),
                value: String(decoding: value, as: UTF8.self),
                encoded: encoded
            ))
        }
    }

    func contains(_ name: String) -> Bool {
        parameters.contains { $0.name == name }
    }

    /// The value of a parameter that must appear at most once.
    /// - Throws: `VerificationError.duplicateQueryParameter` when it appears twice.
    func single(_ name: String) throws(VerificationError) -> String? {
        var found: String?
        for parameter in parameters where parameter.name == name {
            if found != nil { throw .duplicateQueryParameter(name) }
            found = parameter.value
        }
        return found
    }

    /// The canonical query: every parameter except `excluded`, encoded and sorted.
    func canonical(excluding excluded: String?) -> String {
        CanonicalRequest.canonicalQuery(parameters.filter { $0.name != excluded }.map(\.encoded))
    }
}
