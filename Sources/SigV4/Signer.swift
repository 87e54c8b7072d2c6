// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// Signs S3 requests with AWS Signature Version 4, in the `Authorization` header
/// (this file) or in the query string (`Signer+Presign.swift`).
///
/// Paths and query parameters come in decoded (`/bucket/my file.txt`); the signer
/// encodes them once, S3's way, and hands back the encoded form to put on the wire,
/// so what is signed and what is sent cannot drift apart.
public struct Signer: Sendable {
    /// The key pair (and session token) that signs.
    public var credentials: Credentials
    /// The region of the scope, for example `us-east-1`.
    public var region: String
    /// The service of the scope: `s3`.
    public var service: String
    private let keyCache: SigningKeyCache

    /// Creates a signer.
    /// - Parameters:
    ///   - credentials: The key pair; a session token is signed as `x-amz-security-token`.
    ///   - region: The region of the credential scope.
    ///   - service: The service of the credential scope (`s3`; the AWS test suites use `service`).
    ///   - keyCache: Where derived signing keys are kept.
    public init(credentials: Credentials, region: String, service: String = "s3", keyCache: SigningKeyCache = .shared) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.keyCache = keyCache
    }

    /// The credential scope for a request signed at `date`.
    public func scope(at date: Date) -> CredentialScope {
        CredentialScope(date: String(AMZDate.string(from: date).prefix(8)), region: region, service: service)
    }

    /// The signing key for `scope`.
    public func signingKey(for scope: CredentialScope) -> [UInt8] {
        keyCache.signingKey(secret: credentials.secretAccessKey, scope: scope)
    }

    /// Signs a request in the `Authorization` header.
    ///
    /// Every header in `headers` is signed (it must include `Host`, exactly as it will be
    /// sent). `x-amz-date`, `x-amz-content-sha256` and `x-amz-security-token` are set by
    /// the signer, replacing any given ones.
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - path: The decoded path, starting with `/` (`/bucket/key`).
    ///   - query: Decoded query parameters; a name without value is `(name, "")`.
    ///   - headers: The headers to send and sign.
    ///   - payload: What the body is declared to be.
    ///   - date: The signing time.
    ///   - sendsContentSHA256: Whether to send and sign `x-amz-content-sha256`; S3 requires
    ///     it, other services (and the generic AWS test suites) do not use it.
    /// - Returns: The headers to send, the signature and the material for chunk signing.
    public func signHeaders(
        method: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)],
        payload: PayloadHash,
        date: Date,
        sendsContentSHA256: Bool = true
    ) -> HeaderSignature {
        let amzDate = AMZDate.string(from: date)
        var sent = headers.filter { header in
            let name = CanonicalRequest.lowercased(header.name)
            return name != "x-amz-date" && name != "authorization"
                && !(sendsContentSHA256 && name == "x-amz-content-sha256")
                && !(credentials.sessionToken != nil && name == "x-amz-security-token")
        }
        sent.append((name: "X-Amz-Date", value: amzDate))
        if sendsContentSHA256 { sent.append((name: "x-amz-content-sha256", value: payload.value)) }
        if let token = credentials.sessionToken { sent.append((name: "X-Amz-Security-Token", value: token)) }

        let (block, signedHeaders) = CanonicalRequest.signedHeaderBlock(sent)
        let canonical = CanonicalRequest(
            method: method,
            uri: URIEncoding.encodePath(path),
            query: CanonicalRequest.canonicalQuery(CanonicalRequest.encodedParameters(query)),
            headers: block,
            signedHeaders: signedHeaders,
            payloadHash: payload.value
        )
        let scope = scope(at: date)
        let key = signingKey(for: scope)
        let stringToSign = Signature.stringToSign(
            amzDate: amzDate, scope: scope, canonicalRequestHash: canonical.hashHex)
        let signature = Signature.sign(stringToSign, key: key)
        let authorization = "\(Signature.algorithm) Credential=\(credentials.accessKeyID)/\(scope.string), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        sent.append((name: "Authorization", value: authorization))
        return HeaderSignature(
            headers: sent, signature: signature, canonicalRequest: canonical, stringToSign: stringToSign,
            scope: scope, amzDate: amzDate, signingKey: key
        )
    }
}

/// The result of header signing.
public struct HeaderSignature: Sendable {
    /// All headers to send, in order: the given ones, then `X-Amz-Date`,
    /// `x-amz-content-sha256`, `X-Amz-Security-Token` and `Authorization`.
    public var headers: [(name: String, value: String)]
    /// The hex signature; for aws-chunked bodies, the seed signature.
    public var signature: String
    /// The canonical request that was signed.
    public var canonicalRequest: CanonicalRequest
    /// The string to sign.
    public var stringToSign: String
    /// The credential scope.
    public var scope: CredentialScope
    /// The `x-amz-date` value.
    public var amzDate: String
    /// The derived signing key (secret material: do not log).
    public var signingKey: [UInt8]

    /// A chunk signer seeded with this signature, for a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` body.
    public func chunkSigner() -> ChunkSigner {
        ChunkSigner(seedSignature: signature, signingKey: signingKey, scope: scope, amzDate: amzDate)
    }
}
