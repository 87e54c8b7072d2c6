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
        let trimmed = Self.trimmingSpaces(Substring(authorization))
        let algorithmEnd = trimmed.utf8.firstIndex(of: UInt8(ascii: " ")) ?? trimmed.endIndex
        let algorithm = trimmed[..<algorithmEnd]
        guard algorithm == Signature.algorithm else { throw .unsupportedAuthorization(String(algorithm)) }

        var credential: Substring?
        var signedHeaders: Substring?
        var signature: Substring?
        for component in trimmed[algorithmEnd...].utf8.split(separator: UInt8(ascii: ",")) {
            let part = Self.trimmingSpaces(Substring(component))
            guard let equals = part.utf8.firstIndex(of: UInt8(ascii: "=")) else { throw .authorizationComponents }
            let value = part[part.index(after: equals)...]
            switch part[..<equals] {
            case "Credential": credential = value
            case "SignedHeaders": signedHeaders = value
            case "Signature": signature = value
            default: throw .authorizationComponents
            }
        }
        guard let credential, let signedHeaders, let signature else { throw .authorizationComponents }

        let (amzDate, date) = try headerDate(headers)
        let (accessKeyID, scope) = try parseCredential(credential, form: .header, amzDate: amzDate)
        let token = headers.first { CanonicalRequest.lowercased($0.name) == "x-amz-security-token" }?.value
        guard let contentSHA256 = headers.first(where: {
            CanonicalRequest.lowercased($0.name) == "x-amz-content-sha256"
        })?.value else { throw .missingContentSHA256 }
        let payload = try payloadClaim(contentSHA256)

        return AuthorizationClaims(
            form: .header, accessKeyID: accessKeyID, scope: scope, amzDate: amzDate, date: date,
            signedHeaders: Self.names(signedHeaders),
            signedHeadersText: String(signedHeaders), signature: String(signature), sessionToken: token,
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
        let (accessKeyID, scope) = try parseCredential(Substring(credential), form: .query, amzDate: amzDate)

        // Presigned URLs leave the body unsigned unless the hash itself is a signed parameter.
        var payload = PayloadHash.unsigned
        var payloadLine = PayloadHash.unsignedLiteral
        if let contentSHA256 = try query.single("X-Amz-Content-Sha256") {
            payload = try payloadClaim(contentSHA256)
            payloadLine = contentSHA256
        }
        return AuthorizationClaims(
            form: .query, accessKeyID: accessKeyID, scope: scope, amzDate: amzDate, date: date,
            signedHeaders: Self.names(Substring(signedHeaders)),
            signedHeadersText: signedHeaders, signature: signature,
            sessionToken: try query.single("X-Amz-Security-Token"),
            expires: expires, payload: payload, payloadLine: payloadLine
        )
    }

    /// `a;b;c` as names.
    private static func names(_ list: Substring) -> [String] {
        list.utf8.split(separator: UInt8(ascii: ";")).map { String(Substring($0)) }
    }

    /// `text` without leading and trailing spaces.
    private static func trimmingSpaces(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { $0 != UInt8(ascii: " ") }),
              let last = utf8.lastIndex(where: { $0 != UInt8(ascii: " ") })
        else { return text[text.endIndex...] }
        return text[first...last]
    }

    /// `AKID/YYYYMMDD/region/service/aws4_request`, checked against this endpoint.
    func parseCredential(
        _ credential: Substring,
        form: VerifiedRequest.Form,
        amzDate: String
    ) throws(VerificationError) -> (String, CredentialScope) {
        let parts = credential.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { Substring($0) }
        guard parts.count == 5, !parts[0].isEmpty, parts[1].utf8.count == 8,
              parts[1].utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { throw .malformedCredential(form) }
        guard parts[4] == CredentialScope.terminal else { throw .wrongTerminal(form, String(parts[4])) }
        guard parts[3] == configuration.service else {
            throw .wrongService(form, String(parts[3]), expected: configuration.service)
        }
        guard parts[2] == configuration.region else {
            throw .wrongRegion(form, String(parts[2]), expected: configuration.region)
        }
        guard amzDate.hasPrefix(parts[1]) else { throw .credentialDateMismatch(form, String(parts[1]), amzDate: amzDate) }
        let scope = CredentialScope(date: String(parts[1]), region: String(parts[2]), service: String(parts[3]))
        return (String(parts[0]), scope)
    }

    /// The signing time: `x-amz-date`, or else the HTTP `Date` header.
    private func headerDate(_ headers: [(name: String, value: String)]) throws(VerificationError) -> (String, Date) {
        if let amzDate = headers.first(where: { CanonicalRequest.lowercased($0.name) == "x-amz-date" })?.value {
            guard let date = AMZDate.date(from: amzDate) else { throw .missingDate }
            return (amzDate, date)
        }
        if let httpDate = headers.first(where: { CanonicalRequest.lowercased($0.name) == "date" })?.value,
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
