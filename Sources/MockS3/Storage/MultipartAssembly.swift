// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation

/// The CompleteMultipartUpload rules: which parts make the object, and its ETag.
/// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
enum MultipartAssembly {
    /// Checks the client's part list against the uploaded parts.
    /// - Throws: `InvalidPartOrder` (not strictly ascending), `InvalidPart`
    ///   (missing part or ETag mismatch, including `null`), `EntityTooSmall`
    ///   (a part other than the last below the minimum, naming the part).
    static func choose(
        _ requested: [CompleteMultipartUploadBody.Part],
        from upload: MultipartUpload,
        minimumPartSize: Int64
    ) throws(S3Error) -> [StoredPart] {
        var previous = 0
        for part in requested {
            guard part.number > previous else { throw .invalidPartOrder }
            previous = part.number
        }
        var chosen: [StoredPart] = []
        for part in requested {
            guard let stored = upload.parts[part.number], unquoted(stored.etag) == unquoted(part.etag) else {
                throw .invalidPart(part.number, etag: part.etag)
            }
            chosen.append(stored)
        }
        for part in chosen.dropLast() where part.size < minimumPartSize {
            throw .entityTooSmall(
                proposed: part.size,
                minimum: minimumPartSize,
                extra: [("PartNumber", String(part.number)), ("ETag", unquoted(part.etag))]
            )
        }
        return chosen
    }

    /// The completed object: size is the sum, ETag the MD5 of the part digests plus `-N`.
    static func object(from parts: [StoredPart], upload: MultipartUpload, now: Date) -> S3Object {
        var md5 = IncrementalHash(.md5)
        for part in parts { md5.update(part.digest) }
        let etag = "\"\(Encoding.hex(md5.finalize()))-\(parts.count)\""
        var checksums: [ChecksumAlgorithm: String] = [:]
        if let algorithm = upload.checksumAlgorithm {
            checksums[algorithm] = compositeChecksum(algorithm, parts: parts)
        }
        return S3Object(
            key: upload.key,
            size: parts.reduce(0) { $0 + $1.size },
            etag: etag,
            md5Hex: nil,
            etagIsMD5: parts.allSatisfy(\.digestIsMD5),
            checksums: checksums,
            contentType: upload.contentType,
            metadata: upload.metadata,
            acl: upload.acl,
            lastModified: now,
            partCount: parts.count,
            partSizes: parts.map(\.size),
            body: .composite(parts.map(\.body))
        )
    }

    /// S3's composite checksum: the checksum of the concatenated part
    /// checksums, then `-N`. Nil when a part has no checksum of that algorithm.
    private static func compositeChecksum(_ algorithm: ChecksumAlgorithm, parts: [StoredPart]) -> String? {
        var combined: [UInt8] = []
        for part in parts {
            guard let (partAlgorithm, value) = part.checksum, partAlgorithm == algorithm,
                  let bytes = Encoding.bytes(fromBase64: value)
            else { return nil }
            combined += bytes
        }
        var running = RunningChecksum(algorithm)
        combined.withUnsafeBytes { running.update($0) }
        return running.finalize() + "-\(parts.count)"
    }

    static func unquoted(_ etag: String) -> String {
        var text = Substring(etag)
        if text.hasPrefix("\"") { text = text.dropFirst() }
        if text.hasSuffix("\"") { text = text.dropLast() }
        return String(text)
    }
}
