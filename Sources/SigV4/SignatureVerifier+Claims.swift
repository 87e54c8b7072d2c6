// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation

// Parsing of what a request claims: the `Authorization` header or the `X-Amz-*`
// query parameters. Only syntax and scope are checked here; keys, clocks and the
// signature itself are checked in `SignatureVerifier+Check.swift`.
extension SignatureVerifier {
    /// `AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=…`
    func headerClaims(
        _ authorization: String,
        headers: [(name: String, value: String)]
    ) throws(VerificationError) -> AuthorizationClaims {
        let (credential, signedHeaders, signature) = try Self.authorizationFields(authorization).get()

        let (amzDate, date) = try headerDate(headers)
        let (accessKeyID, scope) = try parseCredential(credential, form: .header, amzDate: amzDate)
        let token = headers.first { ASCIICase.equals($0.name, lowercase: "x-amz-security-token") }?.value
        guard let contentSHA256 = headers.first(where: {
            ASCIICase.equals($0.name, lowercase: "x-amz-content-sha256")
        })?.value else { throw .missingContentSHA256 }
        let payload = try payloadClaim(contentSHA256)

        return AuthorizationClaims(
            form: .header, accessKeyID: accessKeyID, scope: scope, amzDate: amzDate, date: date,
            signedHeaders: Self.names(signedHeaders),
            signedHeadersText: signedHeaders, signature: signature, sessionToken: token,
            expires: nil, payload: payload, payloadLine: contentSHA256
        )
    }

    /// `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`, `X-Amz-Signature`.
    func queryClaims(_ query: ReceivedQuery) throws(VerificationError) -> AuthorizationClaims {
        guard let algorithm = try query.single("X-Amz-Algorithm"),
              let credential = try query.single("X-Amz-Credential"),
              let signature = try query.single("X-Amz-Signature"),
              let amzDate = try query.single("X-Amz-Date"),
              let signedHeaders = try query.single("X-Amz-SignedHeaders"),
              let expiresText = try query.single("X-Amz-Expires")
        else { throw .missingQueryParameters }
        guard algorithm == Signature.algorithm else { throw .unsupportedAlgorithm(.query, algorithm) }
        guard let date = AMZDate.date(from: amzDate) else { throw .malformedQueryDate }
        let expires = try parseExpires(expiresText)
        let (accessKeyID, scope) = try parseCredential(credential, form: .query, amzDate: amzDate)

        // Presigned URLs leave the body unsigned unless the hash itself is a signed parameter.
        var payload = PayloadHash.unsigned
        var payloadLine = PayloadHash.unsignedLiteral
        if let contentSHA256 = try query.single("X-Amz-Content-Sha256") {
            payload = try payloadClaim(contentSHA256)
            payloadLine = contentSHA256
        }
        return AuthorizationClaims(
            form: .query, accessKeyID: accessKeyID, scope: scope, amzDate: amzDate, date: date,
            signedHeaders: Self.names(signedHeaders),
            signedHeadersText: signedHeaders, signature: signature,
            sessionToken: try query.single("X-Amz-Security-Token"),
            expires: expires, payload: payload, payloadLine: payloadLine
        )
    }

    /// The `Credential`, `SignedHeaders` and `Signature` values of an `Authorization` header.
    private static func authorizationFields(
        _ authorization: String
    ) -> Result<(credential: String, signedHeaders: String, signature: String), VerificationError> {
        ASCIIFields.with(authorization) { text in
            let trimmed = text.trimmingSpaces(text.all)
            let algorithmEnd = text.firstIndex(of: UInt8(ascii: " "), in: trimmed) ?? trimmed.upperBound
            let algorithm = trimmed.lowerBound..<algorithmEnd
            guard text.equals(algorithm, Signature.algorithm) else {
                return .failure(.unsupportedAuthorization(text.string(algorithm)))
            }
            var credential: String?
            var signedHeaders: String?
            var signature: String?
            let components = algorithmEnd..<trimmed.upperBound
            for component in text.split(components, separator: UInt8(ascii: ","), omittingEmpty: true) {
                let part = text.trimmingSpaces(component)
                guard let equals = text.firstIndex(of: UInt8(ascii: "="), in: part) else {
                    return .failure(.authorizationComponents)
                }
                let name = part.lowerBound..<equals
                let value = text.string((equals + 1)..<part.upperBound)
                if text.equals(name, "Credential") {
                    credential = value
                } else if text.equals(name, "SignedHeaders") {
                    signedHeaders = value
                } else if text.equals(name, "Signature") {
                    signature = value
                } else {
                    return .failure(.authorizationComponents)
                }
            }
            guard let credential, let signedHeaders, let signature else { return .failure(.authorizationComponents) }
            return .success((credential, signedHeaders, signature))
        }
    }

    /// `a;b;c` as names.
    private static func names(_ list: String) -> [String] {
        ASCIIFields.with(list) { text in
            text.split(text.all, separator: UInt8(ascii: ";"), omittingEmpty: true).map(text.string)
        }
    }

    /// `AKID/YYYYMMDD/region/service/aws4_request`, checked against this endpoint.
    func parseCredential(
        _ credential: String,
        form: VerifiedRequest.Form,
        amzDate: String
    ) throws(VerificationError) -> (String, CredentialScope) {
        let configuration = configuration
        let parsed = ASCIIFields.with(credential) { text -> Result<(String, CredentialScope), VerificationError> in
            let parts = text.split(text.all, separator: UInt8(ascii: "/"), omittingEmpty: false)
            guard parts.count == 5, !parts[0].isEmpty, parts[1].count == 8,
                  parts[1].allSatisfy({ text.bytes[$0] >= UInt8(ascii: "0") && text.bytes[$0] <= UInt8(ascii: "9") })
            else { return .failure(.malformedCredential(form)) }
            // Byte comparisons: these are ASCII, and String comparison would normalise Unicode.
            guard text.equals(parts[4], CredentialScope.terminal) else {
                return .failure(.wrongTerminal(form, text.string(parts[4])))
            }
            guard text.equals(parts[3], configuration.service) else {
                return .failure(.wrongService(form, text.string(parts[3]), expected: configuration.service))
            }
            guard text.equals(parts[2], configuration.region) else {
                return .failure(.wrongRegion(form, text.string(parts[2]), expected: configuration.region))
            }
            let date = text.string(parts[1])
            guard amzDate.utf8.starts(with: date.utf8) else {
                return .failure(.credentialDateMismatch(form, date, amzDate: amzDate))
            }
            let scope = CredentialScope(date: date, region: configuration.region, service: configuration.service)
            return .success((text.string(parts[0]), scope))
        }
        return try parsed.get()
    }

    /// The signing time: `x-amz-date`, or else the HTTP `Date` header.
    private func headerDate(_ headers: [(name: String, value: String)]) throws(VerificationError) -> (String, Date) {
        if let amzDate = headers.first(where: { ASCIICase.equals($0.name, lowercase: "x-amz-date") })?.value {
            guard let date = AMZDate.date(from: amzDate) else { throw .missingDate }
            return (amzDate, date)
        }
        if let httpDate = headers.first(where: { ASCIICase.equals($0.name, lowercase: "date") })?.value,
           let date = AMZDate.date(fromHTTPDate: httpDate) {
            return (AMZDate.string(from: date), date)
        }
        throw .missingDate
    }

    private func parseExpires(_ text: String) throws(VerificationError) -> Int {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw .expiresNotANumber
        }
        if text.hasPrefix("-") { throw .expiresNegative }
        // Longer digit strings than Int holds are certainly over a week.
        guard let expires = Int(digits), expires <= Signer.maximumExpiry else { throw .expiresTooLarge }
        return expires
    }

    private func payloadClaim(_ value: String) throws(VerificationError) -> PayloadHash {
        switch value {
        case PayloadHash.unsignedLiteral:
            return .unsigned
        case PayloadHash.streamingSignedLiteral:
            return .streamingSigned
        case PayloadHash.streamingUnsignedTrailerLiteral:
            return .streamingUnsignedTrailer
        case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
             "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER":
            throw .unsupportedContentSHA256(value)
        default:
            guard value.utf8.count == 64, Encoding.bytes(fromHex: value) != nil else {
                throw .invalidContentSHA256(value)
            }
            return .sha256(value.lowercased())
        }
    }
}
