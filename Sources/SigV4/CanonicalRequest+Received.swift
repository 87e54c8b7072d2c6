// SPDX-License-Identifier: Apache-2.0

extension CanonicalRequest {
    /// The canonical request of a request as received, the verifier's view of it.
    ///
    /// The path is percent-decoded once and encoded again S3's way (so `%7E` and `~`
    /// agree and `+` stays a literal plus); the query likewise, with `+` read as a space.
    /// Header values are taken from `headers` for each name in `signedHeaders`, in that order.
    /// - Parameters:
    ///   - method: The HTTP method as received.
    ///   - rawPath: The path bytes as received.
    ///   - rawQuery: The query bytes as received (without `?`); for presigned requests
    ///     `X-Amz-Signature` is left out.
    ///   - headers: The headers as received.
    ///   - signedHeaders: The signed header names, lowercase, as the request lists them.
    ///   - payloadHash: The last line (`UNSIGNED-PAYLOAD`, a hex hash, …).
    /// - Throws: `VerificationError` (`InvalidURI`) for a malformed percent escape.
    public init(
        receivedMethod method: String,
        rawPath: Substring,
        rawQuery: Substring?,
        headers: [(name: String, value: String)],
        signedHeaders: [String],
        payloadHash: String
    ) throws(VerificationError) {
        let query = try ReceivedQuery(rawQuery ?? "")
        try self.init(
            method: method, rawPath: rawPath, query: query,
            form: query.contains("X-Amz-Signature") ? .query : .header, headers: headers,
            signedHeaders: signedHeaders, signedHeadersText: signedHeaders.joined(separator: ";"),
            payloadHash: payloadHash)
    }

    init(
        method: String,
        rawPath: Substring,
        query: ReceivedQuery,
        form: VerifiedRequest.Form,
        headers: [(name: String, value: String)],
        signedHeaders: [String],
        signedHeadersText: String,
        payloadHash: String
    ) throws(VerificationError) {
        guard let decodedPath = URIEncoding.decode(rawPath.isEmpty ? "/" : rawPath, plusAsSpace: false) else {
            throw .malformedURI
        }
        var uri = [UInt8]()
        uri.reserveCapacity(decodedPath.count + 8)
        URIEncoding.append(decodedPath, keepingSlash: true, to: &uri)
        self.init(
            method: method,
            uri: String(decoding: uri, as: UTF8.self),
            query: query.canonical(excluding: form == .query ? "X-Amz-Signature" : nil),
            headers: Self.canonicalHeaders(headers, names: signedHeaders),
            signedHeaders: signedHeadersText,
            payloadHash: payloadHash
        )
    }
}
