// SPDX-License-Identifier: Apache-2.0

/// The S3 operations the mock serves, named as in the S3 API reference.
public enum S3Operation: String, Sendable, CaseIterable {
    case listBuckets = "ListBuckets"
    case createBucket = "CreateBucket"
    case headBucket = "HeadBucket"
    case deleteBucket = "DeleteBucket"
    case getBucketLocation = "GetBucketLocation"
    case getBucketVersioning = "GetBucketVersioning"
    case getBucketAcl = "GetBucketAcl"
    case putBucketAcl = "PutBucketAcl"
    case listObjects = "ListObjects"
    case listObjectsV2 = "ListObjectsV2"
    case listObjectVersions = "ListObjectVersions"
    case listMultipartUploads = "ListMultipartUploads"
    case deleteObjects = "DeleteObjects"
    case postObject = "PostObject"
    case putObject = "PutObject"
    case getObject = "GetObject"
    case headObject = "HeadObject"
    case deleteObject = "DeleteObject"
    case getObjectAcl = "GetObjectAcl"
    case putObjectAcl = "PutObjectAcl"
    case createMultipartUpload = "CreateMultipartUpload"
    case uploadPart = "UploadPart"
    case completeMultipartUpload = "CompleteMultipartUpload"
    case abortMultipartUpload = "AbortMultipartUpload"
    case listParts = "ListParts"
    case preflight = "OPTIONS"

    /// Whether the operation carries object bytes in its request body.
    var uploadsBytes: Bool {
        self == .putObject || self == .uploadPart
    }

    /// Whether the operation reads a small XML request body.
    var readsXMLBody: Bool {
        self == .createBucket || self == .completeMultipartUpload || self == .deleteObjects
    }
}
