// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import SigV4
import Testing

/// Every refusal of the verifier, with S3's code, status, message and fields.
@Suite struct VerifierErrorTests {
    let fixture = VerifierFixture()
    typealias F = VerifierFixture

    func headerSigned(
        _ credentials: Credentials = F.credentials,
        region: String = "us-east-1",
        headers: [(name: String, value: String)] = [(name: "Host", value: F.host)],
        payload: PayloadHash = .sha256(F.helloSHA256),
        date: Date = F.t0
    ) -> [(name: String, value: String)] {
        F.signer(credentials, region: region).signHeaders(
            method: "PUT", path: "/example-bucket/uploads/a.png", headers: headers, payload: payload, date: date
        ).headers
    }

    func replacing(_ name: String, with value: String, in headers: [(name: String, value: String)])
        -> [(name: String, value: String)]
    {
        headers.map { $0.name.lowercased() == name.lowercased() ? (name: $0.name, value: value) : $0 }
    }

    @Test(arguments: [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires",
    ])
    func aMissingQueryParameterIsNamedInS3sWords(parameter: String) throws {
        let target = removingParameter(parameter, from: try F.presignedTarget())
        let error = try #require(fixture.error(target: target))
        #expect(error.s3Code == "AuthorizationQueryParametersError")
        #expect(error.httpStatus == 400)
        #expect(error.message.hasPrefix("Query-string authentication version 4 requires the X-Amz-Algorithm"))
    }

    @Test func anUnknownAlgorithmIsRefused() throws {
        let target = replacingParameter("X-Amz-Algorithm", with: "AWS4-HMAC-SHA1", in: try F.presignedTarget())
        let error = try #require(fixture.error(target: target))
        #expect(error.s3Code == "AuthorizationQueryParametersError")
        #expect(error.message == "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"")

        let headers = replacing("Authorization", with: "AWS4-ECDSA-P256-SHA256 Credential=x", in: headerSigned())
        let headerError = try #require(fixture.error(target: "/example-bucket/uploads/a.png", headers: headers))
        #expect(headerError.s3Code == "InvalidArgument")
        #expect(headerError.message == "Unsupported Authorization Type")
    }

    @Test func anAuthorizationHeaderWithoutItsThreeComponentsIsMalformed() throws {
        let headers = replacing(
            "Authorization", with: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/s3/aws4_request",
            in: headerSigned())
        let error = try #require(fixture.error(target: "/example-bucket/uploads/a.png", headers: headers))
        #expect(error.s3Code == "AuthorizationHeaderMalformed")
        #expect(error.httpStatus == 400)
        #expect(error.message.hasSuffix("requires three components: Credential, SignedHeaders, and Signature."))
    }

    @Test func twoAuthorizationHeadersAreRefused() throws {
        let headers = headerSigned()
        let error = try #require(fixture.error(target: "/example-bucket/uploads/a.png", headers: headers + [headers.last!]))
        #expect(error.s3Code == "AuthorizationHeaderMalformed")
        #expect(error.message == "The authorization header is malformed; only one Authorization header is allowed.")
    }

    @Test func aMalformedCredentialIsRefused() throws {
        let target = replacingParameter(
            "X-Amz-Credential", with: "AKIDEXAMPLE%2F20250101%2Fus-east-1%2Fs3", in: try F.presignedTarget())
        let error = try #require(fixture.error(target: target))
        #expect(error.s3Code == "AuthorizationQueryParametersError")
        #expect(error.message == "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
            + "expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
    }

    @Test func aWrongServiceIsNamed() throws {
        let signer = Signer(credentials: F.credentials, region: "us-east-1", service: "sqs")
        let target = try signer.presign(
            method: "PUT", host: F.host, path: "/example-bucket/a", expires: 60, date: F.t0
        ).pathAndQuery
        let error = try #require(fixture.error(target: target))
        #expect(error.s3Code == "AuthorizationQueryParametersError")
        #expect(error.message == "Error parsing the X-Amz-Credential parameter; incorrect service \"sqs\". "
            + "This endpoint belongs to \"s3\".")
    }

    @Test func aCredentialDateOtherThanTheRequestDateIsRefused() throws {
        let target = replacingParameter("X-Amz-Date", with: "20250102T120000Z", in: try F.presignedTarget())
        let error = try #require(fixture.error(target: target, now: F.t0.addingTimeInterval(86_400)))
        #expect(error.s3Code == "AuthorizationQueryParametersError")
        #expect(error.description == "credentialDateMismatch")
    }

    @Test func aHeaderSignedRequestWithoutADateIsRefused() throws {
        let headers = headerSigned().filter { $0.name.lowercased() != "x-amz-date" }
        let error = try #require(fixture.error(target: "/example-bucket/uploads/a.png", headers: headers))
        #expect(error.s3Code == "AccessDenied")
        #expect(error.message == "AWS authentication requires a valid Date or x-amz-date header")
    }

    @Test func theHTTPDateHeaderStandsInForXAmzDate() throws {
        // Signed by hand: the signer always sends x-amz-date, older clients send only Date.
        let empty = PayloadHash.empty.value
        let headers = [
            (name: "Host", value: F.host), (name: "Date", value: "Wed, 01 Jan 2025 12:00:00 GMT"),
            (name: "x-amz-content-sha256", value: empty),
        ]
        let canonical = CanonicalRequest(
            method: "GET", uri: "/example-bucket/a", query: "",
            headers: "date:Wed, 01 Jan 2025 12:00:00 GMT\nhost:\(F.host)\nx-amz-content-sha256:\(empty)\n",
            signedHeaders: "date;host;x-amz-content-sha256", payloadHash: empty)
        let scope = CredentialScope(date: "20250101", region: "us-east-1", service: "s3")
        let stringToSign = "AWS4-HMAC-SHA256\n20250101T120000Z\n\(scope.string)\n\(canonical.hashHex)"
        let key = SigningKeyCache.derive(secret: F.credentials.secretAccessKey, scope: scope)
        let signature = Encoding.hex(HMAC.sha256(key: key, message: stringToSign))
        let authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\(scope.string), "
            + "SignedHeaders=date;host;x-amz-content-sha256, Signature=\(signature)"
        let verified = fixture.accepted(
            method: "GET", target: "/example-bucket/a", headers: headers + [(name: "Authorization", value: authorization)])
        #expect(verified?.date == F.t0)
    }

    @Test func anUnknownAccessKeyIsInvalidAccessKeyId() throws {
        let stranger = Credentials(accessKeyID: "AKIDSTRANGER", secretAccessKey: "x")
        let error = try #require(fixture.error(target: try F.presignedTarget(credentials: stranger)))
        #expect(error.s3Code == "InvalidAccessKeyId")
        #expect(error.httpStatus == 403)
        #expect(error.message == "The AWS Access Key Id you provided does not exist in our records.")
        #expect(error.field("AWSAccessKeyId") == "AKIDSTRANGER")
    }

    @Test func aWrongSessionTokenIsInvalidToken() throws {
        var credentials = F.temporary
        credentials.sessionToken = "OTHER"
        let error = try #require(fixture.error(target: try F.presignedTarget(credentials: credentials)))
        #expect(error.s3Code == "InvalidToken")
        #expect(error.httpStatus == 400)
    }

    @Test func headerAuthOutsideTheClockSkewIsRequestTimeTooSkewed() throws {
        let headers = headerSigned(date: F.t0.addingTimeInterval(-901))
        let error = try #require(fixture.error(target: "/example-bucket/uploads/a.png", headers: headers))
        #expect(error.s3Code == "RequestTimeTooSkewed")
        #expect(error.httpStatus == 403)
        #expect(error.message == "The difference between the request time and the current time is too large.")
        #expect(error.fields.map(\.name) == ["RequestTime", "ServerTime", "MaxAllowedSkewMilliseconds"])
        #expect(error.field("RequestTime") == "20250101T114459Z")
        #expect(error.field("ServerTime") == "2025-01-01T12:00:00Z")
        #expect(error.field("MaxAllowedSkewMilliseconds") == "900000")

        fixture.accepted(target: "/example-bucket/uploads/a.png", headers: headerSigned(date: F.t0.addingTimeInterval(900)))
        fixture.accepted(target: "/example-bucket/uploads/a.png", headers: headerSigned(date: F.t0.addingTimeInterval(-900)))
    }

    @Test func theClockSkewIsConfigurable() throws {
        var strict = fixture
        strict.allowedClockSkew = 60
        let error = try #require(strict.error(
            target: "/example-bucket/uploads/a.png", headers: headerSigned(date: F.t0.addingTimeInterval(61))))
        #expect(error.field("MaxAllowedSkewMilliseconds") == "60000")
    }

    @Test func aHeaderSignedRequestMustDeclareItsPayload() throws {
        let headers = headerSigned().filter { $0.name.lowercased() != "x-amz-content-sha256" }
        let error = try #require(fixture.error(target: "/example-bucket/uploads/a.png", headers: headers))
        #expect(error.s3Code == "InvalidRequest")
        #expect(error.message == "Missing required header for this request: x-amz-content-sha256")

        let bad = replacing("x-amz-content-sha256", with: "abc", in: headerSigned())
        let badError = try #require(fixture.error(target: "/example-bucket/uploads/a.png", headers: bad))
        #expect(badError.s3Code == "InvalidArgument")
        #expect(badError.field("ArgumentValue") == "abc")
    }

    @Test func payloadClaimsComeBackToTheCaller() throws {
        let target = "/example-bucket/uploads/a.png"
        #expect(fixture.accepted(target: target, headers: headerSigned(payload: .unsigned))?.payload == .unsigned)
        #expect(fixture.accepted(target: target, headers: headerSigned(payload: .streamingUnsignedTrailer))?.payload
            == .streamingUnsignedTrailer)
        #expect(fixture.accepted(target: target, headers: headerSigned(payload: .sha256(F.helloSHA256.uppercased())))?
            .payload == .sha256(F.helloSHA256))
    }

    @Test func bothAuthFormsAtOnceAreRefused() throws {
        let error = try #require(fixture.error(target: try F.presignedTarget(), headers: headerSigned()))
        #expect(error.s3Code == "InvalidArgument")
        #expect(error.field("ArgumentName") == "Authorization")
    }

    @Test func anAnonymousRequestIsReportedAsSuch() throws {
        let error = try #require(fixture.error(target: "/example-bucket/uploads/a.png"))
        #expect(error.isMissingAuthentication)
        #expect(error.s3Code == "AccessDenied")
    }

    @Test func aBrokenPercentEscapeIsInvalidURI() throws {
        let target = try F.presignedTarget().replacingOccurrences(of: "a.png", with: "a%zz.png")
        let error = try #require(fixture.error(target: target))
        #expect(error.s3Code == "InvalidURI")
        #expect(error.httpStatus == 400)
    }

    @Test func aRepeatedSignatureParameterIsRefused() throws {
        let target = try F.presignedTarget() + "&X-Amz-Signature=00"
        let error = try #require(fixture.error(target: target))
        #expect(error.s3Code == "AuthorizationQueryParametersError")
        #expect(error.message == "The X-Amz-Signature parameter must appear only once.")
    }

    @Test func aMismatchCarriesWhatS3ComputedForDebugging() throws {
        let target = try F.presignedTarget()
        let tampered = target.replacingOccurrences(of: "a.png", with: "b.png")
        let error = try #require(fixture.error(target: tampered))
        #expect(error.s3Code == "SignatureDoesNotMatch")
        #expect(error.httpStatus == 403)
        #expect(error.message == "The request signature we calculated does not match the signature you provided. "
            + "Check your key and signing method.")
        #expect(error.fields.map(\.name) == ["AWSAccessKeyId", "StringToSign", "SignatureProvided", "CanonicalRequest"])
        #expect(error.field("CanonicalRequest")?.hasPrefix("PUT\n/example-bucket/uploads/b.png\n") == true)
        #expect(error.field("StringToSign")?.hasPrefix("AWS4-HMAC-SHA256\n20250101T120000Z\n") == true)
        #expect(error.description == "signatureMismatch")
    }

    @Test func streamingSignedRequestsHandBackAChunkSignerThatChecksEachChunk() throws {
        let signed = F.signer().signHeaders(
            method: "PUT", path: "/example-bucket/big",
            headers: [(name: "Host", value: F.host), (name: "Content-Encoding", value: "aws-chunked"),
                      (name: "x-amz-decoded-content-length", value: "70")],
            payload: .streamingSigned, date: F.t0)
        let verified = try #require(fixture.accepted(target: "/example-bucket/big", headers: signed.headers))
        var sender = signed.chunkSigner()
        var receiver = try #require(verified.payload.chunkSigner)
        for chunk in [[UInt8](repeating: 1, count: 64), [UInt8](repeating: 2, count: 6), []] {
            let signature = sender.sign(chunk: chunk)
            let matches = receiver.verify(chunkSHA256: Hash.sha256(chunk), signature: signature)
            #expect(matches)
        }
        var forged = try #require(verified.payload.chunkSigner)
        let forgedMatches = forged.verify(chunkSHA256: Hash.sha256([9]), signature: sender.previousSignature)
        #expect(!forgedMatches)
    }
}
