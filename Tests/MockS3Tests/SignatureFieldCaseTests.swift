// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
@testable import MockS3
import SigV4
import Testing

/// The SIG and EXP field cases (../shared/field-cases.md) against the mock's verification.
@Suite struct SignatureFieldCaseTests {
    let path = "/example-bucket/uploads/a.png"

    @Test func fc01SignedContentTypeMustMatchExactlyAndUnsignedIsStoredAsSent() async throws {
        let driver = try Driver()
        let target = Driver.presign("PUT", path: path, headers: [("Content-Type", "image/png")])
        let axios = await driver.send("PUT", target, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Fixture.hello)
        #expect(axios.status == 403 && axios.code == "SignatureDoesNotMatch")
        let form = await driver.send("PUT", target, headers: [("Content-Type", "multipart/form-data; boundary=x")], body: Fixture.hello)
        #expect(form.status == 403 && form.code == "SignatureDoesNotMatch")
        #expect(driver.stored("uploads/a.png") == nil)
        let exact = await driver.send("PUT", target, headers: [("Content-Type", "image/png")], body: Fixture.hello)
        #expect(exact.status == 200)

        let unsigned = Driver.presign("PUT", path: "/example-bucket/uploads/b.png")
        let any = await driver.send("PUT", unsigned, headers: [("Content-Type", "text/weird")], body: Fixture.hello)
        #expect(any.status == 200)
        #expect(driver.stored("uploads/b.png")?.contentType == "text/weird")
    }

    @Test func fc02PlusInAPathIsALiteralPlusNotASpace() async throws {
        let driver = try Driver()
        let target = Driver.presign("PUT", path: "/example-bucket/my file.txt")
        #expect(target.hasPrefix("/example-bucket/my%20file.txt?"))
        let plus = await driver.send("PUT", target.replacingOccurrences(of: "my%20file", with: "my+file"), body: Fixture.hello)
        #expect(plus.status == 403 && plus.code == "SignatureDoesNotMatch")
        let encoded = await driver.send("PUT", target, body: Fixture.hello)
        #expect(encoded.status == 200)
        #expect(driver.stored("my file.txt") != nil)
        #expect(driver.stored("my+file.txt") == nil)
    }

    @Test func fc04TildeIsUnreservedEitherWayOnTheWire() async throws {
        let driver = try Driver()
        let target = Driver.presign("PUT", path: "/example-bucket/backup~1.txt")
        let escaped = await driver.send("PUT", target.replacingOccurrences(of: "backup~1", with: "backup%7E1"), body: Fixture.hello)
        #expect(escaped.status == 200)
        let overEncoded = Driver.presignCanonical("PUT", path: "/example-bucket/backup~1.txt") {
            $0.uri = "/example-bucket/backup%7E1.txt"
        }
        let refused = await driver.send("PUT", overEncoded, body: Fixture.hello)
        #expect(refused.status == 403 && refused.code == "SignatureDoesNotMatch")
    }

    @Test func fc05NonASCIIKeysVerifyFromUTF8BytesAndNormalFormsAreDistinctKeys() async throws {
        let driver = try Driver()
        let nfc = "caf\u{E9}.txt"
        let nfd = "cafe\u{301}.txt"
        let first = Driver.presign("PUT", path: "/example-bucket/" + nfc)
        #expect(first.hasPrefix("/example-bucket/caf%C3%A9.txt?"))
        #expect(await driver.send("PUT", first, body: Fixture.hello).status == 200)
        #expect(await driver.send("PUT", Driver.presign("PUT", path: "/example-bucket/" + nfd), body: Array("other".utf8)).status == 200)
        let keys = driver.server.objects().map(\.object.key)
        #expect(keys.count == 2)
        #expect(driver.server.object(bucket: Fixture.bucket, key: nfc)?.size == 5)
        #expect(driver.server.object(bucket: Fixture.bucket, key: nfd)?.size == 5)
        #expect(keys.contains(ObjectKey(nfd)))
    }

    @Test func fc07ReservedCharactersAreEncodedExactlyOnce() async throws {
        let driver = try Driver()
        for key in ["a/b/ab@cd", "a%2Fb.txt"] {
            let target = Driver.presign("PUT", path: "/example-bucket/" + key)
            #expect(await driver.send("PUT", target, body: Fixture.hello).status == 200, "\(key)")
            #expect(driver.stored(key) != nil)
        }
        let double = Driver.presignCanonical("PUT", path: "/example-bucket/a%2Fb.txt") {
            $0.uri = $0.uri.replacingOccurrences(of: "%", with: "%25")
        }
        let refused = await driver.send("PUT", double, body: Fixture.hello)
        #expect(refused.status == 403 && refused.code == "SignatureDoesNotMatch")
    }

    @Test func fc09TheHostIsVerifiedAsSentPortIncluded() async throws {
        let driver = try Driver()
        let withoutPort = Driver.presign("PUT", path: path, host: "127.0.0.1")
        let refused = await driver.send("PUT", withoutPort, headers: [("Host", "127.0.0.1:9000")], body: Fixture.hello)
        #expect(refused.status == 403 && refused.code == "SignatureDoesNotMatch")
        // A proxy that drops the port (nginx `$host`) breaks a URL signed with it.
        let withPort = Driver.presign("PUT", path: path)
        let rewritten = await driver.send("PUT", withPort, headers: [("Host", "127.0.0.1")], body: Fixture.hello)
        #expect(rewritten.status == 403)
        #expect(await driver.send("PUT", withPort, body: Fixture.hello).status == 200)
        let defaultPort = Driver.presign("PUT", path: path, host: "127.0.0.1")
        #expect(await driver.send("PUT", defaultPort, headers: [("Host", "127.0.0.1")], body: Fixture.hello).status == 200)
    }

    @Test func fc11AWrongRegionIsReportedWithTheExpectedRegion() async throws {
        let driver = try Driver(Fixture.configuration { $0.region = "eu-central-1" })
        let presigned = await driver.send("PUT", Driver.presign("PUT", path: path, region: "us-east-1"), body: Fixture.hello)
        #expect(presigned.status == 400 && presigned.code == "AuthorizationQueryParametersError")
        #expect(presigned.element("Region") == "eu-central-1")
        let header = await driver.signed("PUT", path: path, body: Fixture.hello, region: "us-east-1")
        #expect(header.status == 400 && header.code == "AuthorizationHeaderMalformed")
        #expect(header.element("Region") == "eu-central-1")
        #expect(driver.stored("uploads/a.png") == nil)
    }

    @Test func fc12SessionTokensMustBeSignedIntoTheURL() async throws {
        let driver = try Driver()
        let noToken = Credentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: Fixture.temporary.secretAccessKey)
        let missing = await driver.send("PUT", Driver.presign("PUT", path: path, credentials: noToken), body: Fixture.hello)
        #expect(missing.status == 403 && missing.code == "InvalidAccessKeyId")
        let appended = Driver.presign("PUT", path: path, credentials: noToken) + "&X-Amz-Security-Token=TOKEN"
        let late = await driver.send("PUT", appended, body: Fixture.hello)
        #expect(late.status == 403 && late.code == "SignatureDoesNotMatch")
        #expect(driver.stored("uploads/a.png") == nil)
        let signed = await driver.send("PUT", Driver.presign("PUT", path: path, credentials: Fixture.temporary), body: Fixture.hello)
        #expect(signed.status == 200)
    }

    @Test func fc13SignedHeadersMustBeSentAndSentAmzHeadersMustBeSigned() async throws {
        let driver = try Driver()
        let signedACL = Driver.presign("PUT", path: path, headers: [("x-amz-acl", "public-read")])
        let notSent = await driver.send("PUT", signedACL, body: Fixture.hello)
        #expect(notSent.status == 403 && notSent.code == "SignatureDoesNotMatch")
        let plain = Driver.presign("PUT", path: path)
        for header in [("x-amz-acl", "public-read"), ("x-amz-meta-foo", "bar")] {
            let unsigned = await driver.send("PUT", plain, headers: [header], body: Fixture.hello)
            #expect(unsigned.status == 403 && unsigned.code == "AccessDenied")
            #expect(unsigned.element("HeadersNotSigned") == header.0)
        }
        #expect(driver.stored("uploads/a.png") == nil)
        let sent = await driver.send("PUT", signedACL, headers: [("x-amz-acl", "public-read")], body: Fixture.hello)
        #expect(sent.status == 200)
        #expect(driver.stored("uploads/a.png")?.acl == .publicRead)
    }

    @Test func fc14ASignedContentLengthPinsTheSize() async throws {
        let driver = try Driver()
        let target = Driver.presign("PUT", path: path, headers: [("Content-Length", "1024")])
        let short = [UInt8](repeating: 1, count: 1000)
        let wrong = await driver.send("PUT", target, headers: [("Content-Length", "1000")], body: short)
        #expect(wrong.status == 403 && wrong.code == "SignatureDoesNotMatch")
        #expect(!wrong.continued)
        let exact = await driver.send("PUT", target, headers: [("Content-Length", "1024")], body: [UInt8](repeating: 1, count: 1024))
        #expect(exact.status == 200)
        // Fewer bytes than declared never store a partial object.
        let plain = Driver.presign("PUT", path: "/example-bucket/partial.bin")
        let incomplete = await driver.send("PUT", plain, body: short, framing: .contentLength(1024))
        #expect(incomplete.status == 400 && incomplete.code == "IncompleteBody")
        #expect(driver.stored("partial.bin") == nil)
    }

    @Test func fc15ExpiryLongerThanAWeekOrNotANumberIsRefused() async throws {
        let driver = try Driver()
        for value in ["604801", "undefined"] {
            let target = Driver.presignCanonical("PUT", path: path) {
                $0.query = $0.query.replacingOccurrences(of: "X-Amz-Expires=3600", with: "X-Amz-Expires=\(value)")
            }
            let refused = await driver.send("PUT", target, body: Fixture.hello)
            #expect(refused.status == 400 && refused.code == "AuthorizationQueryParametersError", "\(value)")
        }
        #expect(driver.stored("uploads/a.png") == nil)
        #expect(await driver.send("PUT", Driver.presign("PUT", path: path, expires: 604_800), body: Fixture.hello).status == 200)
    }

    @Test func fc16ExpiredURLsAreRefusedAtTheExactBoundary() async throws {
        let clock = TestClock()
        let driver = try Driver(Fixture.configuration(clock: clock))
        let signedAt = Fixture.now.addingTimeInterval(-120)
        let expired = await driver.send("PUT", Driver.presign("PUT", path: path, expires: 60, date: signedAt), body: Fixture.hello)
        #expect(expired.status == 403 && expired.code == "AccessDenied")
        #expect(expired.element("Message") == "Request has expired")
        #expect(expired.element("X-Amz-Expires") == "60")
        #expect(expired.element("Expires") != nil && expired.element("ServerTime") != nil)
        #expect(driver.stored("uploads/a.png") == nil)
        clock.set(signedAt.addingTimeInterval(59))
        #expect(await driver.send("PUT", Driver.presign("PUT", path: path, expires: 60, date: signedAt), body: Fixture.hello).status == 200)
    }

    @Test func fc18AURLFromTheFutureBeyondTheToleranceIsNotYetValid() async throws {
        let driver = try Driver(Fixture.configuration { $0.clockSkewTolerance = 300 })
        let ahead = Fixture.now.addingTimeInterval(600)
        let refused = await driver.send("PUT", Driver.presign("PUT", path: path, expires: 13, date: ahead), body: Fixture.hello)
        #expect(refused.status == 403 && refused.code == "AccessDenied")
        #expect(refused.element("Message") == "Request is not yet valid")
        let within = Fixture.now.addingTimeInterval(200)
        #expect(await driver.send("PUT", Driver.presign("PUT", path: path, expires: 13, date: within), body: Fixture.hello).status == 200)
    }

    @Test func fc40UnsignedStandardHeadersAreIgnoredOnSigV4URLs() async throws {
        let driver = try Driver()
        let target = Driver.presign("PUT", path: path)
        let response = await driver.send("PUT", target, headers: [("Content-Type", "application/octet-stream")], body: Fixture.hello)
        #expect(response.status == 200)
    }

    @Test func presignedURLsAreScopedToTheirKeyBucketAndMethod() async throws {
        let driver = try Driver()
        try driver.server.createBucket("other-bucket")
        let target = Driver.presign("PUT", path: path)
        let otherKey = target.replacingOccurrences(of: "uploads/a.png", with: "uploads/b.png")
        let otherBucket = target.replacingOccurrences(of: "example-bucket", with: "other-bucket")
        for (method, wire) in [("PUT", otherKey), ("PUT", otherBucket), ("GET", target), ("DELETE", target)] {
            let refused = await driver.send(method, wire, body: method == "PUT" ? Fixture.hello : [])
            #expect(refused.status == 403 && refused.code == "SignatureDoesNotMatch", "\(method) \(wire)")
        }
        let tampered = target.replacingOccurrences(of: "X-Amz-Expires=3600", with: "X-Amz-Expires=3601")
        #expect(await driver.send("PUT", tampered, body: Fixture.hello).code == "SignatureDoesNotMatch")
        let flipped = String(target.dropLast()) + (target.last == "0" ? "1" : "0")
        #expect(await driver.send("PUT", flipped, body: Fixture.hello).code == "SignatureDoesNotMatch")
        #expect(driver.server.objects().isEmpty)
    }

    @Test func unknownKeysAndAnonymousRequestsAreRefused() async throws {
        let driver = try Driver()
        let stranger = Credentials(accessKeyID: "AKIDUNKNOWN", secretAccessKey: "x")
        let unknown = await driver.signed("PUT", path: path, body: Fixture.hello, credentials: stranger)
        #expect(unknown.status == 403 && unknown.code == "InvalidAccessKeyId")
        let anonymous = await driver.send("PUT", path, body: Fixture.hello)
        #expect(anonymous.status == 403 && anonymous.code == "AccessDenied")
        #expect(!anonymous.continued)
        #expect(driver.server.objects().isEmpty)
    }
}
