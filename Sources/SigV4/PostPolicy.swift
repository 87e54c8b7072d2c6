// SPDX-License-Identifier: Apache-2.0

public import Foundation
import Digest

/// The signed part of a browser POST upload form: the base64 policy and its signature.
///
/// The signature is `hex(HMAC(signingKey, base64(policy JSON)))`; the policy itself
/// (expiration, conditions) is the caller's to write:
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-authentication-HTTPPOST.html
public struct PostPolicySignature: Sendable {
    /// The policy document, base64: the `policy` field.
    public var policy: String
    /// `x-amz-signature`.
    public var signature: String
    /// `x-amz-credential`: `AKID/date/region/service/aws4_request`.
    public var credential: String
    /// `x-amz-date`.
    public var amzDate: String
    /// `x-amz-security-token`, for temporary credentials.
    public var sessionToken: String?

    /// The form fields, in the order to send them before the `file` field.
    public var fields: [(name: String, value: String)] {
        var fields = [
            (name: "x-amz-algorithm", value: Signature.algorithm),
            (name: "x-amz-credential", value: credential),
            (name: "x-amz-date", value: amzDate),
        ]
        if let sessionToken { fields.append((name: "x-amz-security-token", value: sessionToken)) }
        fields.append((name: "policy", value: policy))
        fields.append((name: "x-amz-signature", value: signature))
        return fields
    }
}

extension Signer {
    /// The `x-amz-credential` and `x-amz-date` values a POST policy signed at `date` must
    /// list among its conditions (S3 requires them in the policy too).
    public func postPolicyCredential(at date: Date) -> (credential: String, amzDate: String) {
        ("\(credentials.accessKeyID)/\(scope(at: date).string)", AMZDate.string(from: date))
    }

    /// Signs a POST policy document.
    /// - Parameters:
    ///   - policyJSON: The policy as UTF-8 JSON, exactly as it will be base64-encoded.
    ///   - date: The signing time, which sets the scope date (the policy's own
    ///     `expiration` is independent of it).
    /// - Returns: The policy, signature and the other `x-amz-*` form fields.
    public func signPostPolicy(_ policyJSON: some Sequence<UInt8>, date: Date) -> PostPolicySignature {
        let policy = Encoding.base64(policyJSON)
        let (credential, amzDate) = postPolicyCredential(at: date)
        return PostPolicySignature(
            policy: policy,
            signature: Signature.sign(policy, key: signingKey(for: scope(at: date))),
            credential: credential,
            amzDate: amzDate,
            sessionToken: credentials.sessionToken
        )
    }
}

/// What a verified POST form established.
public struct VerifiedPostPolicy: Sendable {
    /// The access key ID that signed.
    public var accessKeyID: String
    /// The credential scope.
    public var scope: CredentialScope
    /// `x-amz-date`.
    public var date: Date
    /// The policy's `expiration`.
    public var expiration: Date
    /// The decoded policy JSON, for the caller to check its `conditions` against the form.
    public var policyJSON: [UInt8]
}
