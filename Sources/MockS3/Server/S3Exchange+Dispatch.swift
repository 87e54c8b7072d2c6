// SPDX-License-Identifier: Apache-2.0

import HTTPCore

extension S3Exchange {
    /// The head-stage work of each operation: checks that need no body, then the body's handler.
    func makeHandler(_ request: S3Request) throws(S3Error) -> any HTTPRequestHandler {
        switch request.operation {
        case .listBuckets: return ActionHandler(self) { $0.listBuckets() }
        case .createBucket: return try prepareCreateBucket(request)
        case .headBucket: return bucketAction(request) { exchange, _ throws(S3Error) in exchange.respond(status: 200) }
        case .deleteBucket: return bucketAction(request) { exchange, bucket throws(S3Error) in
            try exchange.store.deleteBucket(bucket)
            exchange.respond(status: 204)
        }
        case .getBucketLocation: return bucketAction(request) { exchange, bucket throws(S3Error) in try exchange.bucketLocation(bucket) }
        case .getBucketVersioning: return bucketAction(request) { exchange, bucket throws(S3Error) in try exchange.bucketVersioning(bucket) }
        case .getBucketAcl: return bucketAction(request) { exchange, bucket throws(S3Error) in
            try exchange.bucketACL(bucket)
        }
        case .putBucketAcl: return try preparePutACL(request, key: nil)
        case .listObjects, .listObjectsV2, .listObjectVersions:
            return bucketAction(request) { exchange, bucket throws(S3Error) in
                try exchange.listObjects(bucket, request: request)
            }
        case .listMultipartUploads:
            return bucketAction(request) { exchange, bucket throws(S3Error) in
                try exchange.listMultipartUploads(bucket, query: request.query)
            }
        case .deleteObjects: return try prepareDeleteObjects(request)
        case .postObject: return try preparePostObject(request)
        case .putObject: return try preparePutObject(request)
        case .getObject, .headObject: return try prepareGetObject(request)
        case .deleteObject: return try prepareDeleteObject(request)
        case .getObjectAcl: return objectAction(request) { exchange, bucket, key throws(S3Error) in
            try exchange.objectACL(bucket, key: key)
        }
        case .putObjectAcl: return try preparePutACL(request, key: request.key)
        case .createMultipartUpload: return try prepareCreateMultipartUpload(request)
        case .uploadPart: return try prepareUploadPart(request)
        case .completeMultipartUpload: return try prepareCompleteMultipartUpload(request)
        case .abortMultipartUpload: return objectAction(request) { exchange, bucket, key throws(S3Error) in
            try exchange.store.abortUpload(bucket: bucket, key: key, id: exchange.uploadID(request.query))
            exchange.respond(status: 204)
        }
        case .listParts: return objectAction(request) { exchange, bucket, key throws(S3Error) in
            try exchange.listParts(bucket, key: key, query: request.query)
        }
        case .preflight:
            throw .internalError
        }
    }

    /// A body-less bucket operation, run when the request ended.
    func bucketAction(
        _ request: S3Request,
        _ action: @escaping (S3Exchange, String) throws(S3Error) -> Void
    ) -> any HTTPRequestHandler {
        let bucket = request.bucket ?? ""
        return ActionHandler(self) { exchange throws(S3Error) in try action(exchange, bucket) }
    }

    /// A body-less object operation, run when the request ended.
    func objectAction(
        _ request: S3Request,
        _ action: @escaping (S3Exchange, String, ObjectKey) throws(S3Error) -> Void
    ) -> any HTTPRequestHandler {
        let bucket = request.bucket ?? ""
        let key = request.key ?? ObjectKey("")
        return ActionHandler(self) { exchange throws(S3Error) in try action(exchange, bucket, key) }
    }

    /// The `uploadId` query parameter.
    func uploadID(_ query: S3Query) throws(S3Error) -> String {
        guard let id = query["uploadId"], !id.isEmpty else { throw .noSuchUpload("") }
        return id
    }

    /// The body's digests and declared size for an upload-style request, with the framing checks
    /// S3 makes from the head: a length is required, plain chunked framing is not implemented,
    /// and the size limit is applied before any byte is read (FC-24, FC-25, FC-29).
    func uploadFraming(limit: Int64) throws(S3Error) -> (size: Int64, expectations: BodyExpectations, decoder: AWSChunkedDecoder?) {
        let headers = head.headers
        let payload = authorization.payload
        var size: Int64
        if payload.isStreaming {
            guard context.framing != .none else { throw .missingContentLength }
            guard let decoded = headers["x-amz-decoded-content-length"].flatMap({ Int64($0.trimmingWhitespace()) }),
                  decoded >= 0
            else { throw .missingContentLength }
            size = decoded
        } else {
            switch context.framing {
            case .none:
                // HTTPCore frames `Content-Length: 0` as no body: an empty object, not a missing length.
                guard headers.contains("Content-Length") else { throw .missingContentLength }
                size = 0
            case .chunked:
                throw .notImplemented("A header you provided implies functionality that is not implemented", header: "Transfer-Encoding")
            case .contentLength(let length): size = length
            }
        }
        guard size <= limit else { throw .entityTooLarge(proposed: size, maximum: limit) }

        var expectations = try BodyExpectations(
            headers: headers,
            query: authorization.presigned ? request?.query ?? S3Query.empty : S3Query.empty,
            queryChecksums: configuration.enforceQueryChecksums
        )
        if expectations.checksum?.value == nil, expectations.checksum != nil, !payload.isStreaming {
            throw .invalidRequest("The x-amz-trailer header is only valid with a streaming (aws-chunked) payload.")
        }
        var decoder: AWSChunkedDecoder?
        switch payload {
        case .unsigned: break
        case .sha256(let hex): expectations.sha256Hex = hex
        case .streamingSigned(let makeVerifier): decoder = AWSChunkedDecoder(verifier: makeVerifier())
        case .streamingUnsignedTrailer, .streamingUnverified: decoder = AWSChunkedDecoder(verifier: nil)
        }
        return (size, expectations, decoder)
    }

    /// The 16 bytes behind an upload's ETag: its MD5, or the stand-in when MD5 hashing is off.
    func etagDigest(_ finished: UploadHandler.Finished) -> [UInt8] {
        finished.digests.md5 ?? service.syntheticDigest(size: finished.size)
    }

    /// The 200 answer of a stored object or part: its ETag and verified checksum.
    func acceptUpload(_ finished: UploadHandler.Finished, etag: String) {
        entry.stored = finished.size
        var headers: HTTPHeaders = ["ETag": etag]
        if let (algorithm, value) = finished.digests.checksum { headers.add(name: algorithm.headerName, value: value) }
        respond(status: 200, headers: headers)
    }

    /// `x-amz-meta-*` and the standard headers S3 stores with an object and returns on GET.
    func storedMetadata() -> [(name: String, value: String)] {
        Self.storedMetadata(head.headers.fields)
    }

    /// The fields among `fields` (headers, or POST form fields) that S3 stores with an object.
    static func storedMetadata(_ fields: [(name: String, value: String)]) -> [(name: String, value: String)] {
        fields.compactMap { field in
            // Most fields are not stored: rule them out before lowercasing.
            let name = field.name
            guard mayBeStored(name) else { return nil }
            let candidate = name.hasPrefixIgnoringASCIICase("x-amz-meta-")
                || standardStoredNames.contains { name.equalsIgnoringASCIICase($0) }
                || name.utf8.contains { $0 >= 0x80 }
            guard candidate else { return nil }
            return storedField(name: name.lowercased(), value: field.value)
        }
    }

    /// False for names that certainly are not stored: ASCII ones not starting with `x`, `c` or `e`
    /// (most request headers), decided from one byte.
    private static func mayBeStored(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        switch first | 0x20 {
        case UInt8(ascii: "x"), UInt8(ascii: "c"), UInt8(ascii: "e"): return true
        default: return first >= 0x80
        }
    }

    private static let standardStoredNames = [
        "cache-control", "content-disposition", "content-encoding", "content-language", "expires",
    ]

    /// `name` (lowercase) and `value` as stored, or nil when S3 does not store the field.
    private static func storedField(name: String, value: String) -> (name: String, value: String)? {
        guard name.hasPrefix("x-amz-meta-") || standardStoredNames.contains(name) else { return nil }
        if name == "content-encoding" {
            // aws-chunked is transport framing, not the stored encoding.
            let kept = value.split(separator: ",").map { $0.trimmingWhitespace() }.filter { $0 != "aws-chunked" }
            return kept.isEmpty ? nil : (name, kept.joined(separator: ","))
        }
        return (name, value)
    }
}

extension S3Query {
    static let empty = try! S3Query(nil)
}
