// SPDX-License-Identifier: Apache-2.0

import Digest
import HTTPCore

extension S3Exchange {
    func preparePutObject(_ request: S3Request) throws(S3Error) -> any HTTPRequestHandler {
        let bucket = request.bucket ?? ""
        let key = request.key ?? ObjectKey("")
        if head.headers.contains("x-amz-copy-source") {
            throw .notImplemented("CopyObject is not implemented by the mock", header: "x-amz-copy-source")
        }
        let acl = try CannedACL.parse(head.headers["x-amz-acl"])
        try store.requireBucket(bucket)
        let framing = try uploadFraming(limit: configuration.limits.maximumObjectSize)
        let digests = BodyDigests(framing.expectations, md5: configuration.md5)
        let contentType = head.headers["Content-Type"]
        let metadata = storedMetadata()
        return UploadHandler(
            self,
            sink: try store.makeSink(expectedSize: framing.size),
            digests: digests,
            decoder: framing.decoder,
            declaredSize: framing.size
        ) { exchange, finished throws(S3Error) in
            let object = exchange.uploadedObject(key, finished, contentType: contentType, metadata: metadata, acl: acl)
            try exchange.store.commit(object, bucket: bucket)
            exchange.entry.storedObject = true
            exchange.acceptUpload(finished, etag: object.etag)
        }
    }

    /// A single-part object (PutObject, PostObject) from a verified upload.
    func uploadedObject(
        _ key: ObjectKey,
        _ finished: UploadHandler.Finished,
        contentType: String?,
        metadata: [(name: String, value: String)],
        acl: CannedACL
    ) -> S3Object {
        var object = S3Object(
            key: key,
            size: finished.size,
            etag: "\"\(Encoding.hex(etagDigest(finished)))\"",
            md5Hex: finished.digests.md5.map { Encoding.hex($0) },
            etagIsMD5: finished.digests.md5 != nil,
            checksums: [:],
            contentType: contentType,
            metadata: metadata,
            acl: acl,
            lastModified: now,
            partCount: nil,
            body: finished.body
        )
        if let (algorithm, value) = finished.digests.checksum { object.checksums[algorithm] = value }
        return object
    }

    func prepareGetObject(_ request: S3Request) throws(S3Error) -> any HTTPRequestHandler {
        let bucket = request.bucket ?? ""
        let key = request.key ?? ObjectKey("")
        try checkVersionID(request.query)
        return GetObjectHandler(self) { exchange throws(S3Error) in
            try exchange.store.object(bucket: bucket, key: key)
        }
    }

    func prepareDeleteObject(_ request: S3Request) throws(S3Error) -> any HTTPRequestHandler {
        try checkVersionID(request.query)
        return objectAction(request) { exchange, bucket, key throws(S3Error) in
            try exchange.store.deleteObject(bucket: bucket, key: key)
            exchange.respond(status: 204)
        }
    }

    /// Buckets are unversioned: the only version id is `null`.
    private func checkVersionID(_ query: S3Query) throws(S3Error) {
        if let version = query["versionId"], version != "null" {
            throw .invalidArgument("Invalid version id specified", name: "versionId", value: version)
        }
    }

    /// The headers of GetObject and HeadObject for `object`.
    func objectHeaders(_ object: S3Object) -> HTTPHeaders {
        var headers: HTTPHeaders = [
            "ETag": object.etag,
            "Last-Modified": S3Dates.httpDate(object.lastModified),
            "Accept-Ranges": "bytes",
            "Content-Type": object.contentType ?? "binary/octet-stream",
        ]
        for field in object.metadata { headers.add(name: field.name, value: field.value) }
        if let partCount = object.partCount { headers.add(name: "x-amz-mp-parts-count", value: String(partCount)) }
        if head.headers["x-amz-checksum-mode"]?.uppercased() == "ENABLED" {
            for (algorithm, value) in object.checksums { headers.add(name: algorithm.headerName, value: value) }
        }
        return headers
    }

    // MARK: ACLs

    func preparePutACL(_ request: S3Request, key: ObjectKey?) throws(S3Error) -> any HTTPRequestHandler {
        let acl = try CannedACL.parse(head.headers["x-amz-acl"])
        let bucket = request.bucket ?? ""
        return ActionHandler(self) { exchange throws(S3Error) in
            try exchange.store.withBucket(bucket) { stored throws(S3Error) in
                if let key {
                    guard stored.objects[key] != nil else { throw .noSuchKey(key.string) }
                    stored.objects[key]!.acl = acl
                } else {
                    stored.acl = acl
                }
            }
            exchange.respond(status: 200)
        }
    }

    func bucketACL(_ bucket: String) throws(S3Error) {
        let acl = try store.withBucket(bucket) { stored throws(S3Error) in stored.acl }
        respondXML(aclDocument(acl))
    }

    func objectACL(_ bucket: String, key: ObjectKey) throws(S3Error) {
        respondXML(aclDocument(try store.object(bucket: bucket, key: key).acl))
    }

    /// An AccessControlPolicy with the owner's full control plus the canned ACL's public grants.
    private func aclDocument(_ acl: CannedACL) -> XMLWriter {
        var document = XMLWriter()
        document.element("AccessControlPolicy", namespaced: true) { xml in
            xml.owner()
            xml.element("AccessControlList") { list in
                list.grant(ownerPermission: "FULL_CONTROL")
                switch acl {
                case .publicRead: list.grant(group: "AllUsers", permission: "READ")
                case .publicReadWrite:
                    list.grant(group: "AllUsers", permission: "READ")
                    list.grant(group: "AllUsers", permission: "WRITE")
                case .authenticatedRead: list.grant(group: "AuthenticatedUsers", permission: "READ")
                default: break
                }
            }
        }
        return document
    }
}

extension XMLWriter {
    /// The single owner of everything in the mock.
    static let ownerID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"

    mutating func owner() {
        element("Owner") { owner in
            owner.leaf("ID", Self.ownerID)
            owner.leaf("DisplayName", "mock-s3")
        }
    }

    mutating func grant(ownerPermission: String) {
        raw(#"<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">"#)
        leaf("ID", Self.ownerID)
        leaf("DisplayName", "mock-s3")
        raw("</Grantee>")
        leaf("Permission", ownerPermission)
        raw("</Grant>")
    }

    mutating func grant(group: String, permission: String) {
        raw(#"<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">"#)
        leaf("URI", "http://acs.amazonaws.com/groups/global/\(group)")
        raw("</Grantee>")
        leaf("Permission", permission)
        raw("</Grant>")
    }
}
