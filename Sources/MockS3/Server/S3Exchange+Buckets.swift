// SPDX-License-Identifier: Apache-2.0

import HTTPCore

extension S3Exchange {
    func listBuckets() {
        var document = XMLWriter()
        document.element("ListAllMyBucketsResult", namespaced: true) { xml in
            xml.owner()
            xml.element("Buckets") { list in
                for bucket in store.buckets() {
                    list.element("Bucket") { entry in
                        entry.leaf("Name", bucket.name)
                        entry.leaf("CreationDate", S3Dates.iso8601(bucket.created))
                        entry.leaf("BucketRegion", configuration.region)
                    }
                }
            }
        }
        respondXML(document)
    }

    func prepareCreateBucket(_ request: S3Request) throws(S3Error) -> any HTTPRequestHandler {
        let bucket = request.bucket ?? ""
        guard Self.isValidBucketName(bucket) else { throw .invalidBucketName(bucket) }
        let acl = try CannedACL.parse(head.headers["x-amz-acl"])
        let expectations = try BodyExpectations(headers: head.headers, query: .empty, queryChecksums: false)
        return BufferedBodyHandler(self, limit: 64 * 1024, expectations: expectations) { exchange, body throws(S3Error) in
            let region = exchange.configuration.region
            let constraint = try CreateBucketBody(body).locationConstraint
            // us-east-1 takes no constraint (or its legacy spellings); every other region only its own name.
            let fitting = region == "us-east-1" ? ["", "us-east-1", "US"].contains(constraint) : constraint == region
            guard fitting else { throw .illegalLocationConstraint(constraint, region: region) }
            try exchange.store.createBucket(bucket, acl: acl, now: exchange.now, legacyRegion: region == "us-east-1")
            exchange.respond(status: 200, headers: ["Location": "/" + bucket])
        }
    }

    /// S3's bucket naming rules for new buckets.
    /// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    static func isValidBucketName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        let allowed = bytes.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 45 }
        let edgesAlphanumeric = [bytes.first!, bytes.last!].allSatisfy { $0 != 46 && $0 != 45 }
        let looksLikeIP = name.split(separator: ".").count == 4 && name.split(separator: ".").allSatisfy { UInt8($0) != nil }
        return allowed && edgesAlphanumeric && !name.contains("..") && !looksLikeIP && !name.hasPrefix("xn--")
    }

    func bucketLocation(_ bucket: String) throws(S3Error) {
        try store.requireBucket(bucket)
        var document = XMLWriter()
        // us-east-1 is reported as an empty constraint, as S3 does.
        let region = configuration.region
        document.element("LocationConstraint", namespaced: true) { xml in
            xml.raw(region == "us-east-1" ? "" : XMLWriter.escape(region))
        }
        respondXML(document)
    }

    func bucketVersioning(_ bucket: String) throws(S3Error) {
        try store.requireBucket(bucket)
        var document = XMLWriter()
        document.element("VersioningConfiguration", namespaced: true) { _ in }
        respondXML(document)
    }

    /// DeleteObjects needs `Content-MD5` or an `x-amz-checksum-*` header (current
    /// SDKs send CRC32 instead of MD5).
    func prepareDeleteObjects(_ request: S3Request) throws(S3Error) -> any HTTPRequestHandler {
        let bucket = request.bucket ?? ""
        let expectations = try BodyExpectations(headers: head.headers, query: .empty, queryChecksums: false)
        guard expectations.contentMD5 != nil || expectations.checksum != nil else {
            throw .invalidRequest("Missing required header for this request: Content-MD5")
        }
        let limit = configuration.limits.maximumXMLBody
        return BufferedBodyHandler(self, limit: limit, expectations: expectations) { exchange, body throws(S3Error) in
            let delete = try DeleteObjectsBody(body)
            try exchange.store.requireBucket(bucket)
            var document = XMLWriter()
            document.element("DeleteResult", namespaced: true) { xml in
                for entry in delete.entries {
                    if let version = entry.versionID, version != "null" {
                        xml.element("Error") { error in
                            error.leaf("Key", entry.key)
                            error.leaf("VersionId", version)
                            error.leaf("Code", "NoSuchVersion")
                            error.leaf("Message", "The specified version does not exist.")
                        }
                        continue
                    }
                    _ = try? exchange.store.deleteObject(bucket: bucket, key: ObjectKey(entry.key))
                    guard !delete.quiet else { continue }
                    xml.element("Deleted") { deleted in
                        deleted.leaf("Key", entry.key)
                        deleted.leaf("VersionId", ifPresent: entry.versionID)
                    }
                }
            }
            exchange.respondXML(document)
        }
    }
}
