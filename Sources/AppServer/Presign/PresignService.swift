// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import SigV4

/// Turns presign requests into presigned URLs and POST forms, signed with the
/// app server's credentials and its own clock (field case FC-18).
///
/// Pure: no I/O, so every route's signing logic is testable without sockets.
struct PresignService: Sendable {
    let configuration: AppServerConfiguration
    let keys: KeyPolicy
    let signer: Signer

    /// S3's largest single PUT.
    static let maxSinglePutSize: Int64 = 5 * 1024 * 1024 * 1024
    /// S3's largest multipart object.
    static let maxMultipartSize: Int64 = 5 * 1024 * 1024 * 1024 * 1024

    init(configuration: AppServerConfiguration) throws {
        self.configuration = configuration
        keys = try KeyPolicy(prefix: configuration.prefix)
        signer = Signer(credentials: configuration.credentials, region: configuration.region)
    }

    private var expirySeconds: Int {
        Int(configuration.presignExpiry.components.seconds)
    }

    /// `POST /presign`: a presigned PUT and the headers the client must send with it.
    func presignPut(_ request: API.PresignRequest, at now: Date) throws(APIError) -> API.PresignedPut {
        let key = try keys.storedKey(for: request.key)
        try checkSize(request.size, limit: min(configuration.maxObjectSize, Self.maxSinglePutSize))
        var headers: [(name: String, value: String)] = []
        if let contentType = try checkedContentType(request.contentType) {
            headers.append((name: "Content-Type", value: contentType))
        }
        if configuration.presignSignsContentLength {
            headers.append((name: "Content-Length", value: String(request.size)))
        }
        let presigned = try presign(method: "PUT", key: key, headers: headers, at: now)
        return API.PresignedPut(
            url: presigned.url(scheme: "http", authority: configuration.endpoint.hostHeader),
            method: "PUT",
            headers: Dictionary(presigned.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }),
            expiresAt: API.timestamp(presigned.expiresAt),
            key: key
        )
    }

    /// `POST /presign/post`: a browser form whose policy pins the key, the content type and the size.
    func presignPost(_ request: API.PresignRequest, at now: Date) throws(APIError) -> API.PresignedPost {
        let key = try keys.storedKey(for: request.key)
        try checkSize(request.size, limit: min(configuration.maxObjectSize, Self.maxSinglePutSize))
        let contentType = try checkedContentType(request.contentType)
        let form = PostPolicy(
            bucket: configuration.bucket, key: key, contentType: contentType, size: request.size,
            expiresAt: now.addingTimeInterval(TimeInterval(expirySeconds))
        )
        return API.PresignedPost(
            url: "\(configuration.endpoint.baseURL)/\(URIEncoding.encodeComponent(configuration.bucket))",
            fields: form.signedFields(signer: signer, at: now),
            expiresAt: API.timestamp(form.expiresAt),
            key: key
        )
    }

    /// Checks a `POST /multipart/create` request and chooses the part size and count.
    func multipartPlan(_ request: API.MultipartCreateRequest) throws(APIError) -> MultipartPlan {
        let key = try keys.storedKey(for: request.key)
        try checkSize(request.size, limit: min(configuration.maxObjectSize, Self.maxMultipartSize))
        let contentType = try checkedContentType(request.contentType)
        let partSize = request.partSize ?? configuration.partSize
        guard partSize >= AppServerConfiguration.minPartSize, Int64(partSize) <= Self.maxSinglePutSize else {
            throw .invalidRequest("part_size must be between 5 MiB (5242880) and 5 GiB.")
        }
        let partCount = max(1, Int((request.size + Int64(partSize) - 1) / Int64(partSize)))
        guard partCount <= AppServerConfiguration.maxPartCount else {
            throw .invalidRequest("The size needs \(partCount) parts; S3 allows 10000. Pass a larger part_size.")
        }
        return MultipartPlan(
            key: key, contentType: contentType, size: request.size, partSize: partSize, partCount: partCount,
            urls: request.urls ?? .upfront
        )
    }

    /// The answer to `POST /multipart/create` once S3 created the upload.
    func multipartCreated(_ plan: MultipartPlan, uploadID: String, at now: Date) throws(APIError) -> API.MultipartCreated {
        var parts: [API.PartURL] = []
        if plan.urls == .upfront {
            parts.reserveCapacity(plan.partCount)
            for number in 1...plan.partCount {
                let url = try partURL(key: plan.key, uploadID: uploadID, partNumber: number, at: now).url
                parts.append(API.PartURL(partNumber: number, url: url))
            }
        }
        return API.MultipartCreated(
            key: plan.key, uploadID: uploadID, partSize: plan.partSize, partCount: plan.partCount, parts: parts,
            expiresAt: API.timestamp(now.addingTimeInterval(TimeInterval(expirySeconds)))
        )
    }

    /// `POST /multipart/part-url`: one part URL, issued when the client needs it (field case FC-20).
    func partURL(key: String, uploadID: String, partNumber: Int, at now: Date) throws(APIError) -> API.PartURLIssued {
        let key = try keys.confinedKey(key)
        try checkUploadID(uploadID)
        guard (1...AppServerConfiguration.maxPartCount).contains(partNumber) else {
            throw .invalidRequest("part_number must be between 1 and 10000.")
        }
        let query = [(name: "partNumber", value: String(partNumber)), (name: "uploadId", value: uploadID)]
        let presigned = try presign(method: "PUT", key: key, query: query, headers: [], at: now)
        return API.PartURLIssued(
            partNumber: partNumber,
            url: presigned.url(scheme: "http", authority: configuration.endpoint.hostHeader),
            expiresAt: API.timestamp(presigned.expiresAt)
        )
    }

    /// Checks an upload id a client sends back.
    func checkUploadID(_ uploadID: String) throws(APIError) {
        guard !uploadID.isEmpty, uploadID.utf8.count <= 1024,
              uploadID.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value < 0x7F })
        else {
            throw .invalidRequest("upload_id is empty or contains characters S3 never uses.")
        }
    }

    /// The decoded S3 path of a key in the bucket.
    func objectPath(_ key: String) -> String {
        "/\(configuration.bucket)/\(key)"
    }

    private func presign(
        method: String,
        key: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)],
        at now: Date
    ) throws(APIError) -> PresignedRequest {
        do {
            return try signer.presign(
                method: method, host: configuration.endpoint.hostHeader, path: objectPath(key),
                query: query, headers: headers, expires: expirySeconds, date: now
            )
        } catch {
            // The expiry was validated with the configuration, so this is a bug.
            throw .internalError("Presigning failed: \(error).")
        }
    }

    private func checkSize(_ size: Int64, limit: Int64) throws(APIError) {
        guard size >= 0 else { throw .invalidRequest("size must not be negative.") }
        guard size <= limit else { throw .entityTooLarge(limit: limit) }
    }

    private func checkedContentType(_ contentType: String?) throws(APIError) -> String? {
        guard let contentType, !contentType.isEmpty else { return nil }
        guard contentType.utf8.count <= 256,
              contentType.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F })
        else {
            throw .invalidRequest("content_type must be printable ASCII of at most 256 bytes.")
        }
        return contentType
    }
}

/// What `POST /multipart/create` decided before S3 is asked for an upload id.
struct MultipartPlan: Sendable, Equatable {
    var key: String
    var contentType: String?
    var size: Int64
    var partSize: Int
    var partCount: Int
    var urls: API.PartURLs
}
