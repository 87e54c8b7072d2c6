// SPDX-License-Identifier: Apache-2.0

public import Foundation
import Digest

extension SignatureVerifier {
    /// Verifies the signature of a browser POST form (`policy`, `x-amz-signature` and
    /// the `x-amz-algorithm`, `x-amz-credential`, `x-amz-date` fields).
    ///
    /// Field names match without regard to case, as S3 reads them. The policy's
    /// `expiration` is checked against `now`; its `conditions` are not evaluated here:
    /// the caller knows the form and the file, and checks them against `policyJSON`.
    /// - Parameters:
    ///   - fields: The form fields before the `file` field, in order.
    ///   - now: The server's time, compared with the policy's `expiration`.
    /// - Returns: Who signed and the decoded policy.
    /// - Throws: `VerificationError` for a missing field, a bad scope, an unknown key or a mismatch.
    public func verifyPostPolicy(
        fields: [(name: String, value: String)],
        now: Date
    ) throws(VerificationError) -> VerifiedPostPolicy {
        func field(_ name: String) throws(VerificationError) -> String {
            guard let value = fields.first(where: { CanonicalRequest.lowercased($0.name) == name })?.value else {
                throw .missingPostField(name)
            }
            return value
        }
        let policy = try field("policy")
        let signature = try field("x-amz-signature")
        let algorithm = try field("x-amz-algorithm")
        guard algorithm == Signature.algorithm else { throw .unsupportedAlgorithm(.query, algorithm) }
        let amzDate = try field("x-amz-date")
        guard let date = AMZDate.date(from: amzDate) else { throw .malformedQueryDate }
        let (accessKeyID, scope) = try parseCredential(try field("x-amz-credential"), form: .query, amzDate: amzDate)
        let token = fields.first { ASCIICase.equals($0.name, lowercase: "x-amz-security-token") }?.value

        let secret = try secret(for: accessKeyID, sessionToken: token)
        let expected = Signature.sign(policy, key: keyCache.signingKey(secret: secret.secretAccessKey, scope: scope))
        guard constantTimeEquals(expected, signature) else {
            throw .signatureMismatch(
                accessKeyID: accessKeyID, stringToSign: policy, provided: signature, canonicalRequest: nil)
        }
        guard let policyJSON = Encoding.bytes(fromBase64: policy),
              let document = try? JSONSerialization.jsonObject(with: Data(policyJSON)) as? [String: Any]
        else { throw .malformedPostPolicy }
        guard let expirationText = document["expiration"] as? String,
              let expiration = Self.policyDate(expirationText)
        else { throw .policyMissingExpiration }
        if now > expiration { throw .policyExpired }
        return VerifiedPostPolicy(
            accessKeyID: accessKeyID, scope: scope, date: date, expiration: expiration, policyJSON: policyJSON)
    }

    /// `2025-01-01T12:00:00Z` or `2025-01-01T12:00:00.000Z`, as policies write expirations.
    /// Parsed by hand: two `ISO8601DateFormatter`s per verified form cost more than the signature check.
    private static func policyDate(_ text: String) -> Date? {
        AMZDate.date(fromRFC3339: text)
    }
}
