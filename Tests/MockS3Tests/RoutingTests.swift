// SPDX-License-Identifier: Apache-2.0

@testable import MockS3
import Testing

@Suite struct RoutingTests {
    let router = S3Router(domains: ["localhost", "s3.example.test"])

    @Test func pathStyleSplitsBucketAndKeyFromTheRawPath() throws {
        let request = try router.route(method: "PUT", target: "/example-bucket/a/b/my%20file+1.txt", host: "127.0.0.1:9000", contentType: nil)
        #expect(request.bucket == "example-bucket")
        // `+` in a path is a literal plus (FC-02), `%20` a space.
        #expect(request.key == ObjectKey("a/b/my file+1.txt"))
        #expect(request.operation == .putObject)
        #expect(!request.virtualHosted)
    }

    @Test func virtualHostedBucketsComeFromTheHostUnderAConfiguredDomain() throws {
        let request = try router.route(method: "GET", target: "/photos/x.png", host: "example-bucket.localhost:9000", contentType: nil)
        #expect(request.bucket == "example-bucket")
        #expect(request.key == ObjectKey("photos/x.png"))
        #expect(request.virtualHosted)
        let dotted = try router.route(method: "GET", target: "/", host: "my.bucket.s3.example.test", contentType: nil)
        #expect(dotted.bucket == "my.bucket")
        #expect(dotted.operation == .listObjects)
    }

    @Test func bareDomainsAndIPAddressesArePathStyle() throws {
        for host in ["localhost:9000", "127.0.0.1", "10.0.0.1:80", "[::1]:9000", "other.example.org"] {
            let request = try router.route(method: "GET", target: "/b/k", host: host, contentType: nil)
            #expect(request.bucket == "b", "host \(host)")
            #expect(request.key == ObjectKey("k"))
        }
    }

    @Test func onlyNumbersUpTo255MakeAnAddressLiteral() throws {
        // A numeric domain shows where the literal test ends: 256 is a bucket name.
        let numeric = S3Router(domains: ["0.1"])
        #expect(numeric.bucket(fromHost: "255.0.1") == nil)
        #expect(numeric.bucket(fromHost: "255.0.1.:9000") == nil)
        #expect(numeric.bucket(fromHost: "256.0.1") == "256")
        #expect(numeric.bucket(fromHost: "0256.0.1:80") == "0256")
        #expect(numeric.bucket(fromHost: "b1.0.1") == "b1")
    }

    @Test func operationsAreChosenByMethodAndQuery() throws {
        let cases: [(String, String, S3Operation)] = [
            ("GET", "/", .listBuckets),
            ("PUT", "/b", .createBucket),
            ("HEAD", "/b", .headBucket),
            ("DELETE", "/b/", .deleteBucket),
            ("GET", "/b?location", .getBucketLocation),
            ("GET", "/b?list-type=2&prefix=a", .listObjectsV2),
            ("GET", "/b?versions", .listObjectVersions),
            ("GET", "/b?uploads", .listMultipartUploads),
            ("GET", "/b?acl", .getBucketAcl),
            ("POST", "/b?delete", .deleteObjects),
            ("POST", "/b/k?uploads", .createMultipartUpload),
            ("PUT", "/b/k?partNumber=1&uploadId=U", .uploadPart),
            ("POST", "/b/k?uploadId=U", .completeMultipartUpload),
            ("DELETE", "/b/k?uploadId=U", .abortMultipartUpload),
            ("GET", "/b/k?uploadId=U", .listParts),
            ("GET", "/b/k?acl", .getObjectAcl),
            ("HEAD", "/b/k", .headObject),
            ("OPTIONS", "/b/k", .preflight),
        ]
        for (method, target, operation) in cases {
            #expect(try router.route(method: method, target: target, host: "localhost", contentType: nil).operation == operation, "\(method) \(target)")
        }
        #expect(try router.route(method: "POST", target: "/b", host: "localhost", contentType: "multipart/form-data; boundary=x").operation == .postObject)
    }

    @Test func bucketsAndKeysAreCheckedAsUTF8OnBothTheASCIIAndTheGeneralPath() throws {
        let request = try router.route(method: "PUT", target: "/caf%C3%A9/k%C3%A9y%F0%9F%98%80", host: nil, contentType: nil)
        #expect(request.bucket == "caf\u{E9}")
        #expect(request.key?.bytes == Array("k\u{E9}y\u{1F600}".utf8))
        for target in ["/b%FF/k", "/b/k%C3", "/b/%ED%A0%80", "/b/k%C0%AF", "/%80/k"] {
            #expect(throws: S3Error.self, "\(target)") {
                try router.route(method: "PUT", target: target, host: nil, contentType: nil)
            }
        }
        #expect(UTF8Text.string(Array("plain-ascii".utf8)) == "plain-ascii")
        #expect(UTF8Text.string([0x61, 0xFF]) == nil)
        #expect(UTF8Text.isValid([0xE2, 0x82, 0xAC]))
        #expect(!UTF8Text.isValid([0xE2, 0x82]))
    }

    @Test func malformedAndUnsupportedTargetsAreRefusedWithS3Codes() {
        #expect(throws: S3Error.self) { try router.route(method: "GET", target: "/b/%zz", host: nil, contentType: nil) }
        #expect(throws: S3Error.self) { try router.route(method: "GET", target: "/b/%ff%fe", host: nil, contentType: nil) }
        do {
            _ = try router.route(method: "GET", target: "/b/" + String(repeating: "k", count: 1025), host: nil, contentType: nil)
            Issue.record("a 1025-byte key was accepted")
        } catch {
            #expect(error.code == "KeyTooLongError")
        }
        do {
            _ = try router.route(method: "GET", target: "/b?tagging", host: nil, contentType: nil)
            Issue.record("?tagging was accepted")
        } catch {
            #expect(error.code == "NotImplemented")
        }
        do {
            _ = try router.route(method: "PATCH", target: "/b/k", host: nil, contentType: nil)
            Issue.record("PATCH was accepted")
        } catch {
            #expect(error.code == "MethodNotAllowed" && error.status == 405)
        }
    }

    @Test func keysCompareByBytesSoNFCAndNFDAreDifferentKeys() {
        let nfc = ObjectKey("caf\u{E9}.txt")
        let nfd = ObjectKey("cafe\u{301}.txt")
        #expect(nfc != nfd)
        #expect(Set([nfc, nfd]).count == 2)
    }

    @Test func listingRollsUpCommonPrefixesAndPagesAfterAMarker() {
        let keys = ["a/1", "a/2", "b", "c/x/1", "c/y", "d"].map(ObjectKey.init)
        let first = ListPager.page(keys, key: { $0 }, prefix: ObjectKey(""), delimiter: "/", marker: nil, maxKeys: 2)
        #expect(first.commonPrefixes == [ObjectKey("a/")])
        #expect(first.items == [ObjectKey("b")])
        #expect(first.isTruncated)
        let second = ListPager.page(keys, key: { $0 }, prefix: ObjectKey(""), delimiter: "/", marker: first.lastKey, maxKeys: 2)
        #expect(second.commonPrefixes == [ObjectKey("c/")])
        #expect(second.items == [ObjectKey("d")])
        #expect(!second.isTruncated)
        let prefixed = ListPager.page(keys, key: { $0 }, prefix: ObjectKey("c/"), delimiter: "/", marker: nil, maxKeys: 10)
        #expect(prefixed.commonPrefixes == [ObjectKey("c/x/")])
        #expect(prefixed.items == [ObjectKey("c/y")])
    }
}
