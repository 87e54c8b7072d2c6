// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// Verifies SigV4 signatures the way S3 does, in the `Authorization` header and in presigned query strings.
///
/// The request is canonicalised as received: the path and query bytes as sent
/// (decoded once, then encoded S3's way, so `%7E` and `~` agree while `+` in a path
/// stays a plus), and the `Host` header as sent. Each refusal is a `VerificationError`
/// carrying S3's code, status, message and extra fields.
public struct SignatureVerifier: Sendable {
    /// Verification settings.
    public struct Configuration: Sendable {
        /// The region this endpoint serves; other regions are refused with the expected one named.
        public var region: String
        /// The service this endpoint serves (`s3`).
        public var service: String
        /// How far a header-signed request's time may be from `now` (either way), and how far in
        /// the future a presigned URL's `X-Amz-Date` may be. S3 allows 15 minutes.
        public var allowedClockSkew: TimeInterval

        /// Creates a configuration.
        public init(region: String, service: String = "s3", allowedClockSkew: TimeInterval = 900) {
            self.region = region
            self.service = service
            self.allowedClockSkew = allowedClockSkew
        }
    }

    /// The secret behind an access key ID.
    public struct Secret: Sendable {
        /// The secret access key.
        public var secretAccessKey: String
        /// For temporary credentials, the session token the request must carry.
        public var sessionToken: String?

        /// Creates a secret.
        public init(secretAccessKey: String, sessionToken: String? = nil) {
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }
    }

    /// Finds the secret of an access key ID; nil for an unknown key.
    public typealias CredentialLookup = @Sendable (_ accessKeyID: String) -> Secret?

    /// The settings.
    public let configuration: Configuration
    let lookup: CredentialLookup
    let keyCache: SigningKeyCache

    /// Creates a verifier.
    /// - Parameters:
    ///   - configuration: Region, service and clock tolerance.
    ///   - keyCache: Where derived signing keys are kept.
    ///   - credentials: Finds the secret of an access key ID.
    public init(
        configuration: Configuration,
        keyCache: SigningKeyCache = .shared,
        credentials: @escaping CredentialLookup
    ) {
        self.configuration = configuration
        self.keyCache = keyCache
        self.lookup = credentials
    }

    /// Verifies a request given its request target (`/bucket/key?query`).
    /// - Parameters:
    ///   - method: The HTTP method as received.
    ///   - target: The request target in origin form, exactly as received.
    ///   - headers: The headers in arrival order, names and values as received.
    ///   - now: The server's time.
    /// - Returns: Who signed, how, and what the signature says about the body.
    /// - Throws: `VerificationError` saying why the request is refused.
    public func verify(
        method: String,
        target: some StringProtocol,
        headers: [(name: String, value: String)],
        now: Date
    ) throws(VerificationError) -> VerifiedRequest {
        let target = Substring(target)
        // A byte search: `?` is ASCII, and a Character search walks grapheme clusters.
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            return try verify(
                method: method, rawPath: target[..<mark], rawQuery: target[target.utf8.index(after: mark)...],
                headers: headers, now: now)
        }
        return try verify(method: method, rawPath: target, rawQuery: nil, headers: headers, now: now)
    }

    /// Verifies a request given its raw path and raw query (without the `?`).
    /// - Parameters:
    ///   - method: The HTTP method as received.
    ///   - rawPath: The path bytes as received, still percent-encoded.
    ///   - rawQuery: The query bytes as received, or nil when the target had no `?`.
    ///   - headers: The headers in arrival order, names and values as received.
    ///   - now: The server's time.
    /// - Returns: Who signed, how, and what the signature says about the body.
    /// - Throws: `VerificationError` saying why the request is refused.
    public func verify(
        method: String,
        rawPath: Substring,
        rawQuery: Substring?,
        headers: [(name: String, value: String)],
        now: Date
    ) throws(VerificationError) -> VerifiedRequest {
        let query = try ReceivedQuery(rawQuery ?? "")
        // The first Authorization value and whether there are more, without collecting them.
        var authorization: String?
        var authorizationCount = 0
        for header in headers where ASCIICase.equals(header.name, lowercase: "authorization") {
            if authorizationCount == 0 { authorization = header.value }
            authorizationCount += 1
        }
        let presigned = query.contains("X-Amz-Algorithm") || query.contains("X-Amz-Signature")
            || query.contains("X-Amz-Credential")
        if authorizationCount > 0 && presigned { throw .conflictingAuthentication }

        let claims: AuthorizationClaims
        if presigned {
            claims = try queryClaims(query)
        } else if authorizationCount > 1 {
            throw .repeatedAuthorization
        } else if let authorization {
            claims = try headerClaims(authorization, headers: headers)
        } else {
            throw .missingAuthentication
        }
        return try check(claims, method: method, rawPath: rawPath, query: query, headers: headers, now: now)
    }
}

/// What a request claims about its signature, parsed from the header or the query.
struct AuthorizationClaims {
    var form: VerifiedRequest.Form
    var accessKeyID: String
    var scope: CredentialScope
    var amzDate: String
    var date: Date
    var signedHeaders: [String]
    var signedHeadersText: String
    var signature: String
    var sessionToken: String?
    var expires: Int?
    var payload: PayloadHash
    var payloadLine: String
}
