// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
@testable import MockS3
import SigV4
import Testing

/// The MPU field cases and the issue 9 housekeeping refusals.
@Suite struct MultipartAndBucketTests {
    /// Starts an upload for `key` and returns its id.
    private func createUpload(_ driver: Driver, key: String) async -> String {
        let response = await driver.signed("POST", path: "/example-bucket/\(key)", query: [("uploads", "")])
        return response.element("UploadId") ?? ""
    }

    private func uploadPart(_ driver: Driver, key: String, id: String, number: Int, body: [UInt8]) async -> CapturedResponse {
        await driver.signed("PUT", path: "/example-bucket/\(key)", query: [("partNumber", String(number)), ("uploadId", id)], body: body)
    }

    private func complete(_ driver: Driver, key: String, id: String, parts: [(Int, String)]) async -> CapturedResponse {
        let xml = "<CompleteMultipartUpload>" + parts.map { "<Part><PartNumber>\($0.0)</PartNumber><ETag>\($0.1)</ETag></Part>" }.joined()
            + "</CompleteMultipartUpload>"
        return await driver.signed("POST", path: "/example-bucket/\(key)", query: [("uploadId", id)], body: Array(xml.utf8))
    }

    @Test func fc37APartBelow5MiBFailsAtCompleteNamingThePart() async throws {
        let driver = try Driver()
        let id = await createUpload(driver, key: "a.bin")
        let first = await uploadPart(driver, key: "a.bin", id: id, number: 1, body: [UInt8](repeating: 1, count: 5_242_879))
        let second = await uploadPart(driver, key: "a.bin", id: id, number: 2, body: [2])
        #expect(first.status == 200 && second.status == 200)
        let refused = await complete(driver, key: "a.bin", id: id, parts: [(1, first.headers["ETag"]!), (2, second.headers["ETag"]!)])
        #expect(refused.status == 400 && refused.code == "EntityTooSmall")
        #expect(refused.element("ProposedSize") == "5242879")
        #expect(refused.element("MinSizeAllowed") == "5242880")
        #expect(refused.element("PartNumber") == "1")
        #expect(driver.stored("a.bin") == nil)
        #expect(driver.server.openMultipartUploadCount() == 1)
    }

    @Test func multipartETagIsTheMD5OfPartMD5sAndOrderIsChecked() async throws {
        let driver = try Driver()
        let id = await createUpload(driver, key: "m.bin")
        let partOne = [UInt8](repeating: 1, count: 5 << 20)
        let one = await uploadPart(driver, key: "m.bin", id: id, number: 1, body: partOne)
        let two = await uploadPart(driver, key: "m.bin", id: id, number: 2, body: Fixture.hello)
        let etags = [one.headers["ETag"]!, two.headers["ETag"]!]
        let reversed = await complete(driver, key: "m.bin", id: id, parts: [(2, etags[1]), (1, etags[0])])
        #expect(reversed.status == 400 && reversed.code == "InvalidPartOrder")
        let done = await complete(driver, key: "m.bin", id: id, parts: [(1, etags[0]), (2, etags[1])])
        #expect(done.status == 200)
        let expected = Encoding.hex(Hash.md5(Hash.md5(partOne) + Hash.md5(Fixture.hello)))
        #expect(done.element("ETag") == "&quot;\(expected)-2&quot;" || done.element("ETag") == "\"\(expected)-2\"")
        #expect(driver.stored("m.bin")?.size == Int64(partOne.count + 5))
        let get = await driver.signed("GET", path: "/example-bucket/m.bin", headers: [("Range", "bytes=5242878-5242881")])
        #expect(get.status == 206 && get.body == [1, 1, 0x68, 0x65])
        let badNumber = await uploadPart(driver, key: "m.bin", id: id, number: 10_001, body: Fixture.hello)
        #expect(badNumber.status == 400 && badNumber.code == "InvalidArgument")
    }

    @Test func fc39UploadIDsAreBoundToTheirKeyAndForgottenAfterAbortOrComplete() async throws {
        let driver = try Driver()
        let id = await createUpload(driver, key: "a.bin")
        let otherKey = await uploadPart(driver, key: "b.bin", id: id, number: 1, body: Fixture.hello)
        #expect(otherKey.status == 404 && otherKey.code == "NoSuchUpload")
        #expect(await driver.signed("DELETE", path: "/example-bucket/a.bin", query: [("uploadId", id)]).status == 204)
        let afterAbort = await uploadPart(driver, key: "a.bin", id: id, number: 1, body: Fixture.hello)
        #expect(afterAbort.status == 404 && afterAbort.code == "NoSuchUpload")
        let completeAfterAbort = await complete(driver, key: "a.bin", id: id, parts: [(1, "\"x\"")])
        #expect(completeAfterAbort.code == "NoSuchUpload")

        let second = await createUpload(driver, key: "a.bin")
        let part = await uploadPart(driver, key: "a.bin", id: second, number: 1, body: Fixture.hello)
        #expect(await complete(driver, key: "a.bin", id: second, parts: [(1, part.headers["ETag"]!)]).status == 200)
        #expect(await uploadPart(driver, key: "a.bin", id: second, number: 2, body: Fixture.hello).code == "NoSuchUpload")
        #expect(driver.server.openMultipartUploadCount() == 0)
    }

    @Test func fc35CORSExposesETagAndANullETagIsAnInvalidPart() async throws {
        let driver = try Driver(Fixture.configuration { $0.cors = .permissive })
        let id = await createUpload(driver, key: "a.bin")
        let target = Driver.presign("PUT", path: "/example-bucket/a.bin", query: [("partNumber", "1"), ("uploadId", id)])
        let part = await driver.send("PUT", target, headers: [("Origin", "http://app.local")], body: Fixture.hello)
        #expect(part.status == 200)
        #expect(part.headers["Access-Control-Expose-Headers"]?.contains("ETag") == true)
        #expect(part.headers["Access-Control-Allow-Origin"] == "*")
        let null = await complete(driver, key: "a.bin", id: id, parts: [(1, "null")])
        #expect(null.status == 400 && null.code == "InvalidPart")
    }

    @Test func preflightIsRefusedWithoutOriginOrWithoutAMatchingRule() async throws {
        let rule = CORSRule(allowedOrigins: ["http://app.local"], allowedMethods: ["PUT"], allowedHeaders: ["content-type"], exposeHeaders: ["ETag"])
        let driver = try Driver(Fixture.configuration { $0.cors = rule })
        let noOrigin = await driver.send("OPTIONS", "/example-bucket/a.bin", headers: [("Access-Control-Request-Method", "PUT")])
        #expect(noOrigin.status == 400 && noOrigin.code == "BadRequest")
        let wrongOrigin = await driver.send("OPTIONS", "/example-bucket/a.bin", headers: [("Origin", "http://evil.local"), ("Access-Control-Request-Method", "PUT")])
        #expect(wrongOrigin.status == 403 && wrongOrigin.code == "AccessForbidden")
        let wrongHeader = await driver.send("OPTIONS", "/example-bucket/a.bin", headers: [
            ("Origin", "http://app.local"), ("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "x-custom"),
        ])
        #expect(wrongHeader.status == 403)
        let allowed = await driver.send("OPTIONS", "/example-bucket/a.bin", headers: [
            ("Origin", "http://app.local"), ("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "Content-Type"),
        ])
        #expect(allowed.status == 200)
        #expect(allowed.headers["Access-Control-Allow-Origin"] == "http://app.local")
        #expect(allowed.headers.values(for: "Access-Control-Allow-Origin").count == 1)

        let disabled = try Driver()
        let off = await disabled.send("OPTIONS", "/example-bucket/a.bin", headers: [("Origin", "http://app.local"), ("Access-Control-Request-Method", "PUT")])
        #expect(off.status == 403 && off.code == "AccessForbidden")
    }

    @Test func refusedHousekeepingRequestsCreateAndDeleteNothing() async throws {
        let driver = try Driver()
        let noBucket = await driver.signed("PUT", path: "/missing-bucket/a.txt", body: Fixture.hello)
        #expect(noBucket.status == 404 && noBucket.code == "NoSuchBucket")
        #expect(driver.server.buckets() == [Fixture.bucket])

        let badACL = await driver.signed("PUT", path: "/example-bucket/a.txt", headers: [("x-amz-acl", "public-everything")], body: Fixture.hello)
        #expect(badACL.status == 400 && badACL.code == "InvalidArgument")
        #expect(driver.stored("a.txt") == nil)
        let badBucketACL = await driver.signed("PUT", path: "/new-bucket", headers: [("x-amz-acl", "nope")])
        #expect(badBucketACL.code == "InvalidArgument")
        #expect(await driver.signed("PUT", path: "/Bad_Name").code == "InvalidBucketName")
        #expect(driver.server.buckets() == [Fixture.bucket])

        #expect(await driver.signed("PUT", path: "/example-bucket/a.txt", headers: [("x-amz-acl", "public-read")], body: Fixture.hello).status == 200)
        let notEmpty = await driver.signed("DELETE", path: "/example-bucket")
        #expect(notEmpty.status == 409 && notEmpty.code == "BucketNotEmpty")
        #expect(driver.server.buckets() == [Fixture.bucket])

        let xml = Array("<Delete><Object><Key>a.txt</Key></Object></Delete>".utf8)
        let noDigest = await driver.signed("POST", path: "/example-bucket", query: [("delete", "")], body: xml)
        #expect(noDigest.status == 400 && noDigest.code == "InvalidRequest")
        let wrongDigest = await driver.signed("POST", path: "/example-bucket", query: [("delete", "")], headers: [("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")], body: xml)
        #expect(wrongDigest.status == 400 && wrongDigest.code == "BadDigest")
        #expect(driver.stored("a.txt") != nil)

        let crc = await driver.signed("POST", path: "/example-bucket", query: [("delete", "")], headers: [("x-amz-checksum-crc32", crc32(xml))], body: xml)
        #expect(crc.status == 200 && crc.text.contains("<Deleted><Key>a.txt</Key></Deleted>"))
        #expect(driver.stored("a.txt") == nil)
        #expect(await driver.signed("DELETE", path: "/example-bucket").status == 204)
        #expect(driver.server.buckets().isEmpty)
    }

    @Test func listingsPageWithMarkersAndReportNullVersions() async throws {
        let driver = try Driver()
        for key in ["a/1", "a/2", "b", "c+d", "e f"] {
            #expect(await driver.signed("PUT", path: "/example-bucket/\(key)", body: Fixture.hello).status == 200)
        }
        let page = await driver.signed("GET", path: "/example-bucket", query: [("list-type", "2"), ("delimiter", "/"), ("max-keys", "2")])
        #expect(page.element("KeyCount") == "2" && page.element("IsTruncated") == "true")
        #expect(page.text.contains("<CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes>"))
        let token = try #require(page.element("NextContinuationToken"))
        let next = await driver.signed("GET", path: "/example-bucket", query: [("list-type", "2"), ("delimiter", "/"), ("continuation-token", token), ("encoding-type", "url")])
        #expect(next.text.contains("<Key>c%2Bd</Key>") && next.text.contains("<Key>e%20f</Key>"))
        #expect(next.element("IsTruncated") == "false")
        let versions = await driver.signed("GET", path: "/example-bucket", query: [("versions", ""), ("max-keys", "3")])
        #expect(versions.text.components(separatedBy: "<VersionId>null</VersionId>").count == 4)
        #expect(versions.element("NextKeyMarker") == "b" && versions.element("NextVersionIdMarker") == "null")
        let v1 = await driver.signed("GET", path: "/example-bucket", query: [("marker", "b")])
        #expect(v1.text.contains("<Key>c+d</Key>") && !v1.text.contains("<Key>b</Key>"))
        let buckets = await driver.signed("GET", path: "/")
        #expect(buckets.text.contains("<Name>example-bucket</Name>"))
    }

    private func crc32(_ bytes: [UInt8]) -> String {
        var crc = CRC32()
        bytes.withUnsafeBytes { crc.update($0) }
        return Encoding.base64(crc.bigEndianBytes)
    }
}
