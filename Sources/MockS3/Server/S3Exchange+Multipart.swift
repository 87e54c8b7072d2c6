// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import HTTPCore
import SigV4

extension S3Exchange {
    func prepareCreateMultipartUpload(_ request: S3Request) throws(S3Error) -> any HTTPRequestHandler {
        let bucket = request.bucket ?? ""
        let key = request.key ?? ObjectKey("")
        let acl = try CannedACL.parse(head.headers["x-amz-acl"])
        var algorithm: ChecksumAlgorithm?
        if let named = head.headers["x-amz-checksum-algorithm"] {
            guard let parsed = ChecksumAlgorithm(name: named.trimmingWhitespace()) else {
                throw .invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
            }
            algorithm = parsed
        }
        let upload = MultipartUpload(
            id: Self.newUploadID(),
            key: key,
            initiated: now,
            contentType: head.headers["Content-Type"],
            metadata: storedMetadata(),
            acl: acl,
            checksumAlgorithm: algorithm
        )
        return ActionHandler(self) { exchange throws(S3Error) in
            try exchange.store.createUpload(upload, bucket: bucket)
            var document = XMLWriter()
            document.element("InitiateMultipartUploadResult", namespaced: true) { xml in
                xml.leaf("Bucket", bucket)
                xml.leaf("Key", key.string)
                xml.leaf("UploadId", upload.id)
            }
            var headers = HTTPHeaders()
            if let algorithm { headers.add(name: "x-amz-checksum-algorithm", value: algorithm.rawValue) }
            exchange.respondXML(document, headers: headers)
        }
    }

    func prepareUploadPart(_ request: S3Request) throws(S3Error) -> any HTTPRequestHandler {
        let bucket = request.bucket ?? ""
        let key = request.key ?? ObjectKey("")
        if head.headers.contains("x-amz-copy-source") {
            throw .notImplemented("UploadPartCopy is not implemented by the mock", header: "x-amz-copy-source")
        }
        let maximum = configuration.limits.maximumPartNumber
        let numberText = request.query["partNumber"] ?? ""
        guard let number = Int(numberText), (1...maximum).contains(number) else {
            throw .invalidArgument(
                "Part number must be an integer between 1 and \(maximum), inclusive",
                name: "partNumber",
                value: numberText
            )
        }
        let id = try uploadID(request.query)
        _ = try store.upload(bucket: bucket, key: key, id: id)
        let framing = try uploadFraming(limit: configuration.limits.maximumObjectSize)
        return UploadHandler(
            self,
            sink: try store.makeSink(expectedSize: framing.size),
            digests: BodyDigests(framing.expectations, md5: configuration.md5),
            decoder: framing.decoder,
            declaredSize: framing.size
        ) { exchange, finished throws(S3Error) in
            let digest = exchange.etagDigest(finished)
            let part = StoredPart(
                number: number,
                size: finished.size,
                etag: "\"\(Encoding.hex(digest))\"",
                digest: digest,
                digestIsMD5: finished.digests.md5 != nil,
                checksum: finished.digests.checksum,
                lastModified: exchange.now,
                body: finished.body
            )
            try exchange.store.commitPart(part, bucket: bucket, key: key, uploadID: id)
            exchange.acceptUpload(finished, etag: part.etag)
        }
    }

    func prepareCompleteMultipartUpload(_ request: S3Request) throws(S3Error) -> any HTTPRequestHandler {
        let bucket = request.bucket ?? ""
        let key = request.key ?? ObjectKey("")
        let id = try uploadID(request.query)
        _ = try store.upload(bucket: bucket, key: key, id: id)
        let expectations = try BodyExpectations(headers: head.headers, query: .empty, queryChecksums: false)
        let limit = configuration.limits.maximumXMLBody
        return BufferedBodyHandler(self, limit: limit, expectations: expectations) { exchange, body throws(S3Error) in
            let parts = try CompleteMultipartUploadBody(body).parts
            let object = try exchange.store.completeUpload(
                bucket: bucket,
                key: key,
                id: id,
                parts: parts,
                minimumPartSize: exchange.configuration.limits.minimumPartSize,
                now: exchange.now
            )
            exchange.entry.storedObject = true
            let host = exchange.head.headers["Host"] ?? "localhost"
            var document = XMLWriter()
            document.element("CompleteMultipartUploadResult", namespaced: true) { xml in
                xml.leaf("Location", "http://\(host)\(request.virtualHosted ? "" : "/" + bucket)/\(URIEncoding.encodePath(key.string))")
                xml.leaf("Bucket", bucket)
                xml.leaf("Key", key.string)
                xml.leaf("ETag", object.etag)
                for (algorithm, value) in object.checksums { xml.leaf(algorithm.elementName, value) }
            }
            exchange.respondXML(document)
        }
    }

    /// An upload id: 64 random URL-safe characters, like S3's opaque ids.
    static func newUploadID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var random = SystemRandomNumberGenerator()
        return String(decoding: (0..<64).map { _ in alphabet[Int(random.next() % 64)] }, as: UTF8.self)
    }
}
