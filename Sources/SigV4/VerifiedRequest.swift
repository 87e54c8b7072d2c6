// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// What a successful verification established about a request.
public struct VerifiedRequest: Sendable {
    /// Where the signature travelled.
    public enum Form: String, Sendable, Hashable {
        /// `Authorization: AWS4-HMAC-SHA256 …`
        case header
        /// A presigned URL (`X-Amz-Signature` in the query).
        case query
    }

    /// The access key ID that signed.
    public var accessKeyID: String
    /// The auth form.
    public var form: Form
    /// The signed header names, lowercase, as the request listed them.
    public var signedHeaders: [String]
    /// What the signature says about the body; the caller checks the body against it.
    public var payload: PayloadClaim
    /// The credential scope.
    public var scope: CredentialScope
    /// The signing time (`X-Amz-Date`, or the `Date` header).
    public var date: Date
    /// For presigned requests, when the URL stops working.
    public var expiresAt: Date?
}

/// The body as the verified signature describes it.
public enum PayloadClaim: Sendable, Hashable {
    /// `UNSIGNED-PAYLOAD` (and every presigned URL without `X-Amz-Content-Sha256`).
    case unsigned
    /// The lowercase hex SHA-256 the whole body must have.
    case sha256(String)
    /// An aws-chunked body whose chunk signatures chain from `seedSignature`.
    case streamingSigned(seedSignature: String, signingKey: [UInt8], scope: CredentialScope, amzDate: String)
    /// An aws-chunked body with unsigned chunks and a trailing checksum.
    case streamingUnsignedTrailer

    /// For `.streamingSigned`, the signer that checks each chunk signature in order.
    public var chunkSigner: ChunkSigner? {
        guard case .streamingSigned(let seed, let key, let scope, let amzDate) = self else { return nil }
        return ChunkSigner(seedSignature: seed, signingKey: key, scope: scope, amzDate: amzDate)
    }
}
