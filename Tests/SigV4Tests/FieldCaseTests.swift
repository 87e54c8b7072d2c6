// SPDX-License-Identifier: Apache-2.0

import Foundation
import SigV4
import Testing

/// Field cases of kinds SIG and EXP from field-cases.md that concern signing or verifying.
@Suite struct FieldCaseTests {
    let fixture = VerifierFixture()
    typealias F = VerifierFixture
    let host = (name: "Host", value: VerifierFixture.host)

    @Test func fc01SignedContentTypeMustMatchAndUnsignedAnyIsAccepted() throws {
        let target = try F.presignedTarget(headers: [(name: "Content-Type", value: "image/png")])
        for sent in ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
            let error = fixture.error(target: target, headers: [host, (name: "Content-Type", value: sent)])
            #expect(error?.s3Code == "SignatureDoesNotMatch")
        }
        fixture.accepted(target: target, headers: [host, (name: "Content-Type", value: "image/png")])
        fixture.accepted(target: try F.presignedTarget(), headers: [host, (name: "Content-Type", value: "text/plain")])
    }

    @Test func fc02APlusInThePathIsAPlusNotASpace() throws {
        let target = try F.presignedTarget("my file.txt")
        #expect(target.hasPrefix("/example-bucket/my%20file.txt?"))
        fixture.accepted(target: target)
        let error = fixture.error(target: target.replacingOccurrences(of: "my%20file", with: "my+file"))
        #expect(error?.s3Code == "SignatureDoesNotMatch")
        #expect(error?.field("CanonicalRequest")?.contains("/example-bucket/my%2Bfile.txt") == true)
    }

    @Test func fc04TildeIsUnreservedAndAWireEscapeStillVerifies() throws {
        let target = try F.presignedTarget("backup~1.txt")
        #expect(target.hasPrefix("/example-bucket/backup~1.txt?"))
        fixture.accepted(target: target)
        fixture.accepted(target: target.replacingOccurrences(of: "backup~1", with: "backup%7E1"))
        fixture.accepted(target: target.replacingOccurrences(of: "backup~1", with: "backup%7e1"))

        // A signature computed over `%7E` (the buggy signer) does not verify.
        let buggy = try F.presignedTarget("backup%7E1.txt")
        let error = fixture.error(target: buggy.replacingOccurrences(of: "backup%257E1", with: "backup%7E1"))
        #expect(error?.s3Code == "SignatureDoesNotMatch")
    }

    @Test func fc05NonASCIIKeysAreUTF8BytesInUppercaseHexAndNFCIsNotNFD() throws {
        let composed = "caf\u{E9}.txt"
        let decomposed = "cafe\u{301}.txt"
        let target = try F.presignedTarget(composed)
        #expect(target.hasPrefix("/example-bucket/caf%C3%A9.txt?"))
        fixture.accepted(target: target)
        // Raw UTF-8 on the wire canonicalises to the same bytes.
        fixture.accepted(target: target.replacingOccurrences(of: "caf%C3%A9", with: "caf\u{E9}"))
        let nfd = try F.presignedTarget(decomposed)
        #expect(nfd.hasPrefix("/example-bucket/cafe%CC%81.txt?"))
        let error = fixture.error(target: target.replacingOccurrences(of: "caf%C3%A9", with: "cafe%CC%81"))
        #expect(error?.s3Code == "SignatureDoesNotMatch")
    }

    @Test func fc07ThePathIsEncodedExactlyOnce() throws {
        let at = try F.signer().presign(
            method: "PUT", host: F.host, path: "/example-bucket/a/b/ab@cd", expires: 60, date: F.t0)
        #expect(at.canonicalRequest.uri == "/example-bucket/a/b/ab%40cd")
        fixture.accepted(target: at.pathAndQuery)

        let percent = try F.signer().presign(
            method: "PUT", host: F.host, path: "/example-bucket/a%2Fb.txt", expires: 60, date: F.t0)
        #expect(percent.canonicalRequest.uri == "/example-bucket/a%252Fb.txt")
        fixture.accepted(target: percent.pathAndQuery)

        // A double-encoding signer sends `%2540` for `@`: S3 decodes once and gets `%40`, another key.
        let doubled = at.pathAndQuery.replacingOccurrences(of: "ab%40cd", with: "ab%2540cd")
        #expect(fixture.error(target: doubled)?.s3Code == "SignatureDoesNotMatch")
    }

    @Test func fc09TheHostHeaderIsSignedExactlyAsSent() throws {
        let signer = F.signer()
        let withPort = try signer.presign(method: "PUT", host: "127.0.0.1:9000", path: "/b/k", expires: 60, date: F.t0)
        fixture.accepted(target: withPort.pathAndQuery, headers: [(name: "Host", value: "127.0.0.1:9000")])
        // A proxy that forwards `$host` drops the port.
        let dropped = fixture.error(target: withPort.pathAndQuery, headers: [(name: "Host", value: "127.0.0.1")])
        #expect(dropped?.s3Code == "SignatureDoesNotMatch")
        #expect(dropped?.field("CanonicalRequest")?.contains("\nhost:127.0.0.1\n") == true)

        let withoutPort = try signer.presign(method: "PUT", host: "127.0.0.1", path: "/b/k", expires: 60, date: F.t0)
        #expect(fixture.error(target: withoutPort.pathAndQuery, headers: [(name: "Host", value: "127.0.0.1:9000")])?
            .s3Code == "SignatureDoesNotMatch")
    }

    @Test func fc11AWrongRegionNamesTheExpectedRegion() throws {
        var frankfurt = fixture
        frankfurt.region = "eu-central-1"
        let query = try #require(frankfurt.error(target: try F.presignedTarget()))
        #expect(query.httpStatus == 400)
        #expect(query.s3Code == "AuthorizationQueryParametersError")
        #expect(query.message
            == "Error parsing the X-Amz-Credential parameter; the region 'us-east-1' is wrong; expecting 'eu-central-1'")
        #expect(query.field("Region") == "eu-central-1")

        let headers = F.signer().signHeaders(
            method: "PUT", path: "/example-bucket/a", headers: [host], payload: .unsigned, date: F.t0
        ).headers
        let header = try #require(frankfurt.error(target: "/example-bucket/a", headers: headers))
        #expect(header.httpStatus == 400)
        #expect(header.s3Code == "AuthorizationHeaderMalformed")
        #expect(header.message
            == "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-central-1'")
        #expect(header.field("Region") == "eu-central-1")
    }

    @Test func fc12TheSessionTokenMustBeInsideTheSignature() throws {
        var withoutToken = F.temporary
        withoutToken.sessionToken = nil
        let missing = try #require(fixture.error(target: try F.presignedTarget(credentials: withoutToken)))
        #expect(missing.s3Code == "InvalidAccessKeyId")
        #expect(missing.httpStatus == 403)

        let appended = try F.presignedTarget(credentials: withoutToken) + "&X-Amz-Security-Token=TOKEN"
        #expect(fixture.error(target: appended)?.s3Code == "SignatureDoesNotMatch")

        let signed = try F.presignedTarget(credentials: F.temporary)
        #expect(signed.contains("&X-Amz-Security-Token=TOKEN&"))
        fixture.accepted(target: signed)
    }

    @Test func fc13SignedHeadersMustBeSentAndSentXAmzHeadersMustBeSigned() throws {
        let acl = try F.presignedTarget(headers: [(name: "x-amz-acl", value: "public-read")])
        #expect(acl.contains("X-Amz-SignedHeaders=host%3Bx-amz-acl"))
        #expect(fixture.error(target: acl)?.s3Code == "SignatureDoesNotMatch")
        fixture.accepted(target: acl, headers: [host, (name: "x-amz-acl", value: "public-read")])

        let plain = try F.presignedTarget()
        let unsigned = try #require(fixture.error(
            target: plain,
            headers: [host, (name: "x-amz-acl", value: "public-read"), (name: "X-Amz-Meta-Foo", value: "bar")]))
        #expect(unsigned.s3Code == "AccessDenied")
        #expect(unsigned.httpStatus == 403)
        #expect(unsigned.message == "There were headers present in the request which were not signed")
        #expect(unsigned.field("HeadersNotSigned") == "x-amz-acl, x-amz-meta-foo")
    }

    @Test func fc14ASignedContentLengthPinsTheSize() throws {
        let target = try F.presignedTarget(headers: [(name: "Content-Length", value: "1024")])
        fixture.accepted(target: target, headers: [host, (name: "Content-Length", value: "1024")])
        #expect(fixture.error(target: target, headers: [host, (name: "Content-Length", value: "1000")])?.s3Code
            == "SignatureDoesNotMatch")
        // Unsigned, any size is fine.
        fixture.accepted(target: try F.presignedTarget(), headers: [host, (name: "Content-Length", value: "1000")])
    }

    @Test func fc15ExpiryOverAWeekIsRefusedBySignerAndVerifier() throws {
        #expect(throws: SigningError.self) { try F.presignedTarget(expires: 604_801) }
        #expect(throws: SigningError.self) { try F.presignedTarget(expires: 0) }
        let week = try F.presignedTarget(expires: 604_800)
        fixture.accepted(target: week, now: F.t0.addingTimeInterval(604_800))

        let tooLong = try #require(fixture.error(target: replacingParameter("X-Amz-Expires", with: "604801", in: week)))
        #expect(tooLong.s3Code == "AuthorizationQueryParametersError")
        #expect(tooLong.httpStatus == 400)
        #expect(tooLong.message == "X-Amz-Expires must be less than a week (in seconds); that is, the given "
            + "X-Amz-Expires must be less than 604800 seconds")

        for value in ["undefined", "", "1e3", "%2B5"] {
            let error = try #require(fixture.error(target: replacingParameter("X-Amz-Expires", with: value, in: week)))
            #expect(error.message == "X-Amz-Expires should be a number")
        }
        let negative = fixture.error(target: replacingParameter("X-Amz-Expires", with: "-1", in: week))
        #expect(negative?.message == "X-Amz-Expires must be non-negative")
    }

    @Test func fc16AnExpiredURLIsRefusedWithItsTimes() throws {
        let target = try F.presignedTarget(expires: 60)
        let error = try #require(fixture.error(target: target, now: F.t0.addingTimeInterval(120)))
        #expect(error.s3Code == "AccessDenied")
        #expect(error.httpStatus == 403)
        #expect(error.message == "Request has expired")
        #expect(error.fields.map(\.name) == ["X-Amz-Expires", "Expires", "ServerTime"])
        #expect(error.field("X-Amz-Expires") == "60")
        #expect(error.field("Expires") == "2025-01-01T12:01:00Z")
        #expect(error.field("ServerTime") == "2025-01-01T12:02:00Z")

        fixture.accepted(target: target, now: F.t0.addingTimeInterval(59))
        fixture.accepted(target: target, now: F.t0.addingTimeInterval(60))
        #expect(fixture.error(target: target, now: F.t0.addingTimeInterval(60.001))?.message == "Request has expired")
    }

    @Test func fc18AURLFromAClockAheadIsNotYetValidOutsideTheTolerance() throws {
        let target = try F.presignedTarget(expires: 13, date: F.t0.addingTimeInterval(600))
        fixture.accepted(target: target)

        var strict = fixture
        strict.allowedClockSkew = 300
        let error = try #require(strict.error(target: target))
        #expect(error.s3Code == "AccessDenied")
        #expect(error.message == "Request is not yet valid")
        #expect(error.field("X-Amz-Date") == "20250101T121000Z")
        #expect(error.field("Expires") == "2025-01-01T12:10:13Z")
        #expect(error.field("ServerTime") == "2025-01-01T12:00:00Z")

        let milliseconds = replacingParameter("X-Amz-Date", with: "1735732800000", in: target)
        let malformed = try #require(fixture.error(target: milliseconds))
        #expect(malformed.s3Code == "AuthorizationQueryParametersError")
        #expect(malformed.message == "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")
    }

    @Test func fc20APartURLExpiresMidUploadAndAFreshOneWorks() throws {
        func part(_ number: Int, at date: Date) throws -> String {
            try F.signer().presign(
                method: "PUT", host: F.host, path: "/example-bucket/big.bin",
                query: [(name: "partNumber", value: String(number)), (name: "uploadId", value: "U")],
                expires: 10, date: date
            ).pathAndQuery
        }
        fixture.accepted(target: try part(1, at: F.t0), now: F.t0.addingTimeInterval(1))
        let late = fixture.error(target: try part(2, at: F.t0), now: F.t0.addingTimeInterval(15))
        #expect(late?.message == "Request has expired")
        fixture.accepted(target: try part(2, at: F.t0.addingTimeInterval(15)), now: F.t0.addingTimeInterval(16))
    }

    @Test func fc21ThePresignerHoistsNoChecksum() throws {
        let target = try F.presignedTarget()
        #expect(!target.lowercased().contains("checksum"))
    }

    @Test func fc22AnUnsignedChecksumHeaderIsHeadersNotSigned() throws {
        let target = try F.presignedTarget()
        let error = fixture.error(target: target, headers: [host, (name: "x-amz-sdk-checksum-algorithm", value: "SHA256")])
        #expect(error?.field("HeadersNotSigned") == "x-amz-sdk-checksum-algorithm")
        let signed = try F.presignedTarget(headers: [(name: "x-amz-sdk-checksum-algorithm", value: "SHA256")])
        fixture.accepted(target: signed, headers: [host, (name: "x-amz-sdk-checksum-algorithm", value: "SHA256")])
    }

    @Test func fc26TheDeclaredPayloadHashIsHandedToTheCallerToCompare() throws {
        let headers = F.signer().signHeaders(
            method: "PUT", path: "/example-bucket/a", headers: [host], payload: .empty, date: F.t0
        ).headers
        #expect(fixture.accepted(target: "/example-bucket/a", headers: headers)?.payload == .sha256(PayloadHash.empty.value))
        #expect(fixture.accepted(target: try F.presignedTarget())?.payload == .unsigned)
    }

    @Test func fc40UnsignedStandardHeadersAreIgnored() throws {
        fixture.accepted(
            target: try F.presignedTarget(),
            headers: [host, (name: "Content-Type", value: "application/octet-stream"), (name: "User-Agent", value: "x")])
    }
}
