// SPDX-License-Identifier: Apache-2.0

import Foundation

// The checks after parsing, in S3's order as far as it is observable: the key, the
// session token, the clock, unsigned headers, and last the signature itself.
extension SignatureVerifier {
    func check(
        _ claims: AuthorizationClaims,
        method: String,
        rawPath: Substring,
        query: ReceivedQuery,
        headers: [(name: String, value: String)],
        now: Date
    ) throws(VerificationError) -> VerifiedRequest {
        let secret = try secret(for: claims.accessKeyID, sessionToken: claims.sessionToken)
        let expiresAt = try checkTime(claims, now: now)
        try checkAllSigned(claims, headers: headers)

        let canonical = try CanonicalRequest(
            method: method, rawPath: rawPath, query: query, form: claims.form, headers: headers,
            signedHeaders: claims.signedHeaders, signedHeadersText: claims.signedHeadersText,
            payloadHash: claims.payloadLine)
        let stringToSign = Signature.stringToSignBytes(
            amzDate: claims.amzDate, scope: claims.scope, canonicalRequestHash: canonical.hashHex)
        let key = keyCache.signingKey(secret: secret.secretAccessKey, scope: claims.scope)
        let expected = Signature.sign(bytes: stringToSign, key: key)
        guard constantTimeEquals(expected, claims.signature) else {
            throw .signatureMismatch(
                accessKeyID: claims.accessKeyID, stringToSign: String(decoding: stringToSign, as: UTF8.self),
                provided: claims.signature,
                canonicalRequest: canonical.text)
        }

        let payload: PayloadClaim = switch claims.payload {
        case .unsigned: .unsigned
        case .sha256(let hex): .sha256(hex)
        case .streamingUnsignedTrailer: .streamingUnsignedTrailer
        case .streamingSigned:
            .streamingSigned(seedSignature: expected, signingKey: key, scope: claims.scope, amzDate: claims.amzDate)
        }
        return VerifiedRequest(
            accessKeyID: claims.accessKeyID, form: claims.form, signedHeaders: claims.signedHeaders,
            payload: payload, scope: claims.scope, date: claims.date, expiresAt: expiresAt
        )
    }

    /// The secret of `accessKeyID`, once the session token (or its absence) is right for it.
    func secret(for accessKeyID: String, sessionToken: String?) throws(VerificationError) -> Secret {
        guard let secret = lookup(accessKeyID) else { throw .unknownAccessKey(accessKeyID) }
        switch (secret.sessionToken, sessionToken) {
        case (nil, nil):
            break
        case (.some, nil):
            // Without its token a temporary key is unknown to S3.
            throw .unknownAccessKey(accessKeyID)
        case (let required?, let sent?):
            guard constantTimeEquals(required, sent) else { throw .invalidSessionToken }
        case (nil, .some):
            throw .invalidSessionToken
        }
        return secret
    }

    /// Header auth: within the allowed skew either way. Presigned: not before `X-Amz-Date`
    /// (less the skew), not after `X-Amz-Date + X-Amz-Expires`.
    private func checkTime(_ claims: AuthorizationClaims, now: Date) throws(VerificationError) -> Date? {
        let skew = configuration.allowedClockSkew
        guard let expires = claims.expires else {
            if abs(claims.date.timeIntervalSince(now)) > skew {
                throw .requestTimeTooSkewed(
                    requestTime: claims.amzDate, serverTime: AMZDate.iso8601(from: now),
                    maxSkew: Int((skew * 1_000).rounded()))
            }
            return nil
        }
        let expiresAt = claims.date.addingTimeInterval(TimeInterval(expires))
        if now > expiresAt {
            throw .expired(
                expires: expires, expiresAt: AMZDate.iso8601(from: expiresAt), serverTime: AMZDate.iso8601(from: now))
        }
        if claims.date.timeIntervalSince(now) > skew {
            throw .notYetValid(
                amzDate: claims.amzDate, expiresAt: AMZDate.iso8601(from: expiresAt),
                serverTime: AMZDate.iso8601(from: now))
        }
        return expiresAt
    }

    /// S3 refuses a request carrying an `x-amz-*` header (or `Host`) that the signature does not cover.
    private func checkAllSigned(
        _ claims: AuthorizationClaims,
        headers: [(name: String, value: String)]
    ) throws(VerificationError) {
        var unsigned = [String]()
        for header in headers {
            // Most headers are neither: decide that before lowercasing anything.
            guard ASCIICase.equals(header.name, lowercase: "host")
                    || ASCIICase.hasPrefix(header.name, lowercase: "x-amz-")
            else { continue }
            guard !claims.signedHeaders.contains(where: { ASCIICase.equals(header.name, lowercase: $0) }) else {
                continue
            }
            let name = CanonicalRequest.lowercased(header.name)
            if !unsigned.contains(name) { unsigned.append(name) }
        }
        if !unsigned.isEmpty { throw .headersNotSigned(unsigned) }
    }
}
