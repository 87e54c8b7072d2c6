// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// A stored object's metadata, as the inspection API and list results show it.
public struct S3Object: Sendable {
    public var key: ObjectKey
    public var size: Int64
    /// The quoted ETag, for example `"5d41402abc4b2a76b9719d911017c592"` or `"…-3"`.
    public var etag: String
    /// Hex MD5 of the content; nil when MD5 hashing was off or the object is multipart.
    public var md5Hex: String?
    /// Whether the ETag is an MD5 (of the bytes, or of the part MD5s for multipart)
    /// rather than the cheap stand-in used when MD5 hashing is off.
    public var etagIsMD5: Bool
    /// Verified additional checksums, base64, by algorithm.
    public var checksums: [ChecksumAlgorithm: String]
    public var contentType: String?
    /// `x-amz-meta-*` fields (names lowercased, prefix kept), plus standard headers stored with the object.
    public var metadata: [(name: String, value: String)]
    /// The canned ACL the object was stored with.
    public var acl: CannedACL
    public var lastModified: Date
    /// Number of parts for a multipart object.
    public var partCount: Int?
    /// The part sizes of a multipart object, in order (to stream ranges).
    var partSizes: [Int64] = []
    var body: StoredBody = .discarded

    /// Whether GET can return the bytes (false in discard mode).
    public var isReadable: Bool { body.isReadable }
}

/// One uploaded part of a multipart upload.
struct StoredPart: Sendable {
    var number: Int
    var size: Int64
    var etag: String
    /// The MD5 (or its stand-in) the multipart ETag is computed from.
    var digest: [UInt8]
    /// Whether `digest` is the part's real MD5.
    var digestIsMD5: Bool
    var checksum: (ChecksumAlgorithm, String)?
    var lastModified: Date
    var body: StoredBody
}

/// An open multipart upload, bound to one bucket and key.
struct MultipartUpload: Sendable {
    var id: String
    var key: ObjectKey
    var initiated: Date
    var contentType: String?
    var metadata: [(name: String, value: String)]
    var acl: CannedACL
    var checksumAlgorithm: ChecksumAlgorithm?
    var parts: [Int: StoredPart] = [:]

    func discardParts() {
        parts.values.forEach { $0.body.remove() }
    }
}

/// A bucket and what it holds.
struct S3Bucket: Sendable {
    var name: String
    var created: Date
    var acl: CannedACL
    var objects: [ObjectKey: S3Object] = [:]
    var uploads: [String: MultipartUpload] = [:]
}

/// S3's canned ACLs (`x-amz-acl`).
/// https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
public enum CannedACL: String, Sendable, CaseIterable {
    case `private` = "private"
    case publicRead = "public-read"
    case publicReadWrite = "public-read-write"
    case awsExecRead = "aws-exec-read"
    case authenticatedRead = "authenticated-read"
    case bucketOwnerRead = "bucket-owner-read"
    case bucketOwnerFullControl = "bucket-owner-full-control"
    case logDeliveryWrite = "log-delivery-write"

    /// The ACL named by an `x-amz-acl` header; absent means `private`.
    /// - Throws: `InvalidArgument` for an unknown value, as S3 does.
    static func parse(_ header: String?) throws(S3Error) -> CannedACL {
        guard let header else { return .private }
        guard let acl = CannedACL(rawValue: header.trimmingCharacters(in: .whitespaces)) else {
            throw .invalidArgument("", name: "x-amz-acl", value: header)
        }
        return acl
    }
}
