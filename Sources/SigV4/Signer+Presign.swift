// SPDX-License-Identifier: Apache-2.0

public import Foundation

extension Signer {
    /// The longest `X-Amz-Expires` S3 accepts: 7 days.
    public static let maximumExpiry = 604_800

    /// Presigns a request: the signature travels in the query string.
    ///
    /// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
    /// - Parameters:
    ///   - method: The HTTP method the URL is for.
    ///   - host: The `Host` header exactly as the client will send it (with a non-default port).
    ///   - path: The decoded path, starting with `/`.
    ///   - query: Decoded query parameters to include (for example `partNumber`, `uploadId`).
    ///   - headers: Extra headers to sign; the client must send them with these values.
    ///   - expires: Seconds of validity, 1 to 604800.
    ///   - date: The signing time.
    ///   - payloadHash: The last canonical line; S3 presigned URLs use `UNSIGNED-PAYLOAD`.
    /// - Returns: The encoded path and query to send, and what was signed.
    /// - Throws: `SigningError` when `expires` is outside 1...604800.
    public func presign(
        method: String,
        host: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        expires: Int,
        date: Date,
        payloadHash: PayloadHash = .unsigned
    ) throws(SigningError) -> PresignedRequest {
        guard (1...Self.maximumExpiry).contains(expires) else { throw .expiryOutOfRange(expires) }
        let amzDate = AMZDate.string(from: date)
        let scope = scope(at: date)

        let extra = headers.filter { CanonicalRequest.lowercased($0.name) != "host" }
        let signed = [(name: "host", value: host)] + extra
        let (block, signedHeaders) = CanonicalRequest.signedHeaderBlock(signed)

        var parameters = query
        parameters.append((name: "X-Amz-Algorithm", value: Signature.algorithm))
        parameters.append((name: "X-Amz-Credential", value: "\(credentials.accessKeyID)/\(scope.string)"))
        parameters.append((name: "X-Amz-Date", value: amzDate))
        parameters.append((name: "X-Amz-Expires", value: String(expires)))
        if let token = credentials.sessionToken {
            parameters.append((name: "X-Amz-Security-Token", value: token))
        }
        parameters.append((name: "X-Amz-SignedHeaders", value: signedHeaders))
        let canonicalQuery = CanonicalRequest.canonicalQuery(CanonicalRequest.encodedParameters(parameters))

        let canonical = CanonicalRequest(
            method: method,
            uri: URIEncoding.encodePath(path),
            query: canonicalQuery,
            headers: block,
            signedHeaders: signedHeaders,
            payloadHash: payloadHash.value
        )
        let stringToSign = Signature.stringToSign(
            amzDate: amzDate, scope: scope, canonicalRequestHash: canonical.hashHex)
        let signature = Signature.sign(stringToSign, key: signingKey(for: scope))
        return PresignedRequest(
            pathAndQuery: "\(canonical.uri)?\(canonicalQuery)&X-Amz-Signature=\(signature)",
            headers: extra,
            signature: signature,
            canonicalRequest: canonical,
            stringToSign: stringToSign,
            expiresAt: date.addingTimeInterval(TimeInterval(expires))
        )
    }
}

/// A presigned request.
public struct PresignedRequest: Sendable {
    /// The request target to send: the encoded path, `?`, the canonical query and `X-Amz-Signature` last.
    public var pathAndQuery: String
    /// The signed headers (other than `Host`) the client must send with exactly these values.
    public var headers: [(name: String, value: String)]
    /// The hex signature.
    public var signature: String
    /// The canonical request that was signed.
    public var canonicalRequest: CanonicalRequest
    /// The string to sign.
    public var stringToSign: String
    /// When the URL stops working (signing time plus `X-Amz-Expires`).
    public var expiresAt: Date

    /// The full URL, for example `url(scheme: "http", authority: "127.0.0.1:9000")`.
    public func url(scheme: String, authority: String) -> String {
        "\(scheme)://\(authority)\(pathAndQuery)"
    }
}

/// Why a request could not be signed.
public struct SigningError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case expiryOutOfRange
    }

    private let code: Code
    /// A sentence for people.
    public let message: String

    /// `X-Amz-Expires` outside 1...604800 seconds.
    static func expiryOutOfRange(_ seconds: Int) -> SigningError {
        SigningError(
            code: .expiryOutOfRange,
            message: "The expiry must be between 1 and \(Signer.maximumExpiry) seconds (7 days); got \(seconds)."
        )
    }

    /// The short label, safe as a metric or CSV value.
    public var description: String { code.rawValue }
}
