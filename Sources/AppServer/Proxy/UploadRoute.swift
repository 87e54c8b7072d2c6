// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import HTTPCore

/// `PUT /upload/{key}`: checks the head before any body byte is read, then
/// hands the request to the configured mode's handler.
enum UploadRoute {
    /// Headers from the client that S3 gets with the object.
    static func forwardedHeaders(_ head: HTTPRequestHead) -> [(name: String, value: String)] {
        guard let contentType = head.headers["Content-Type"], !contentType.isEmpty else { return [] }
        return [(name: "Content-Type", value: contentType)]
    }

    /// The headers of a single PUT carrying the whole body: the forwarded ones
    /// and the client's `Content-MD5`, so S3 checks the body the client meant.
    static func singlePutHeaders(_ head: HTTPRequestHead) -> [(name: String, value: String)] {
        var headers = forwardedHeaders(head)
        if let md5 = head.headers["Content-MD5"] {
            headers.append((name: "Content-MD5", value: md5.trimmingCharacters(in: .whitespaces)))
        }
        return headers
    }

    /// S3's answers to a forwarded `Content-MD5` that only the client's body or header can cause,
    /// passed on with S3's 400 rather than as a 502.
    static let digestFaultCodes: Set<String> = ["BadDigest", "InvalidDigest"]

    /// The client's `Content-MD5`, decoded.
    /// - Throws: `APIError.invalidDigest` (400) unless it is the base64 of 16 bytes.
    static func contentMD5(_ head: HTTPRequestHead) throws(APIError) -> [UInt8]? {
        guard let text = head.headers["Content-MD5"] else { return nil }
        guard let bytes = Encoding.bytes(fromBase64: text.trimmingCharacters(in: .whitespaces)), bytes.count == 16 else {
            throw .invalidDigest
        }
        return bytes
    }

    /// The declared body length, checked against the limit.
    /// - Throws: `APIError.missingContentLength` (411) for chunked or unframed
    ///   bodies, `.entityTooLarge` (413) over the limit.
    static func declaredLength(
        _ head: HTTPRequestHead,
        framing: HTTPBodyFraming,
        limit: Int64
    ) throws(APIError) -> Int64 {
        let length: Int64
        switch framing {
        case .contentLength(let declared):
            length = declared
        case .none where head.headers.contains("Content-Length"):
            length = 0
        case .none, .chunked:
            throw .missingContentLength
        }
        guard length <= limit else { throw .entityTooLarge(limit: limit) }
        return length
    }

    /// The handler for a valid upload head.
    static func handler(
        app: AppContext,
        context: any HTTPRequestContext,
        rawKey: String
    ) throws(APIError) -> AppRequestHandler {
        let key = try app.keys.storedKey(for: rawKey)
        let configuration = app.configuration
        let limit = min(configuration.maxObjectSize, configuration.mode == .multipart
            ? PresignService.maxMultipartSize : PresignService.maxSinglePutSize)
        let length = try declaredLength(context.head, framing: context.framing, limit: limit)
        // Checked from the head, so a malformed one is refused before any body byte is read.
        let md5 = try contentMD5(context.head)
        CPUBurn.spin(for: configuration.extraCPUPerUpload)
        switch configuration.mode {
        case .stream:
            return StreamUploadHandler(app: app, context: context, key: key, length: length)
        case .buffer:
            return try StoreAndForwardHandler(app: app, context: context, key: key, length: length, spool: false)
        case .spool:
            return try StoreAndForwardHandler(app: app, context: context, key: key, length: length, spool: true)
        case .multipart:
            if length <= Int64(configuration.partSize) {
                // One part or less: a single PUT from memory is what multipart would cost anyway.
                return try StoreAndForwardHandler(app: app, context: context, key: key, length: length, spool: false)
            }
            return MultipartUploadHandler(app: app, context: context, key: key, length: length, contentMD5: md5)
        }
    }
}
