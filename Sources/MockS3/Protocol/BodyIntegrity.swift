// SPDX-License-Identifier: Apache-2.0

import Digest
import HTTPCore

/// What a request says its body must hash to: `Content-MD5`, one
/// `x-amz-checksum-*` (header, presigned query or trailer) and the signed
/// payload hash. Parsed from the head so malformed values are refused before
/// any body is read.
struct BodyExpectations {
    /// The decoded `Content-MD5` (16 bytes) and its text as sent.
    var contentMD5: (bytes: [UInt8], text: String)?
    /// The declared checksum; `value` is nil when it comes in a trailer.
    var checksum: (algorithm: ChecksumAlgorithm, value: String?)?
    /// The lowercase hex SHA-256 the whole (decoded) body must have.
    var sha256Hex: String?

    /// Reads the expectations from `headers` and, for presigned requests, the query.
    /// - Parameter queryChecksums: whether `x-amz-checksum-*` query parameters are
    ///   enforced like headers (FC-21; AWS behaviour is disputed, the mock makes it a setting).
    /// - Throws: `InvalidDigest` for a malformed Content-MD5, `InvalidRequest`
    ///   for malformed or multiple checksums.
    init(headers: HTTPHeaders, query: S3Query, queryChecksums: Bool) throws(S3Error) {
        if let text = headers["Content-MD5"] {
            guard let bytes = Encoding.bytes(fromBase64: text.trimmingWhitespace()), bytes.count == 16 else {
                throw .invalidDigest
            }
            contentMD5 = (bytes, text)
        }

        var declared: [(ChecksumAlgorithm, String?)] = []
        for field in headers {
            if let algorithm = ChecksumAlgorithm(headerName: field.name) {
                declared.append((algorithm, field.value.trimmingWhitespace()))
            }
        }
        if queryChecksums {
            for pair in query.pairs {
                if let algorithm = ChecksumAlgorithm(headerName: pair.name) {
                    declared.append((algorithm, pair.value ?? ""))
                }
            }
        }
        if let trailer = headers["x-amz-trailer"] {
            guard let algorithm = ChecksumAlgorithm(headerName: trailer.trimmingWhitespace()) else {
                throw .invalidRequest("The value specified in the x-amz-trailer header is not supported")
            }
            declared.append((algorithm, nil))
        }
        guard declared.count <= 1 else {
            throw .invalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
        }
        if let (algorithm, value) = declared.first {
            if let value {
                guard let bytes = Encoding.bytes(fromBase64: value), bytes.count == algorithm.byteCount else {
                    throw .invalidRequest("Value for \(algorithm.headerName) header is invalid.")
                }
            }
            checksum = (algorithm, value)
        }
        if let named = headers["x-amz-sdk-checksum-algorithm"] {
            guard let algorithm = ChecksumAlgorithm(name: named.trimmingWhitespace()) else {
                throw .invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
            }
            if checksum == nil {
                throw .invalidRequest("x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.")
            }
            if checksum?.algorithm != algorithm {
                throw .invalidRequest("Value for x-amz-sdk-checksum-algorithm header is invalid.")
            }
        }
    }

    /// Whether nothing needs hashing beyond what the storage mode asks for.
    var isEmpty: Bool { contentMD5 == nil && checksum == nil && sha256Hex == nil }
}

/// The running digests of one body, fed once per chunk.
final class BodyDigests {
    private var md5: IncrementalHash?
    private var sha256: IncrementalHash?
    private var checksum: RunningChecksum?
    private let expectations: BodyExpectations
    private(set) var count: Int64 = 0

    /// - Parameter md5: whether the MD5 is wanted for the ETag even without `Content-MD5`.
    init(_ expectations: BodyExpectations, md5: Bool) {
        self.expectations = expectations
        if md5 || expectations.contentMD5 != nil { self.md5 = IncrementalHash(.md5) }
        if expectations.sha256Hex != nil { sha256 = IncrementalHash(.sha256) }
        if let declared = expectations.checksum { checksum = RunningChecksum(declared.algorithm) }
        hashesMD5 = self.md5 != nil
        hashesSHA256 = sha256 != nil
        hashesChecksum = checksum != nil
    }

    // Fixed at creation: `verify` consumes the running hashes, and the counts are read after it.
    let hashesMD5: Bool
    let hashesSHA256: Bool
    let hashesChecksum: Bool

    func update(_ bytes: UnsafeRawBufferPointer) {
        count += Int64(bytes.count)
        md5?.update(bytes)
        sha256?.update(bytes)
        checksum?.update(bytes)
    }

    /// The verified results of a complete body.
    struct Result {
        var md5: [UInt8]?
        var checksum: (ChecksumAlgorithm, String)?
    }

    /// Finishes the digests and checks every expectation, payload hash first as S3 does.
    /// - Parameter trailers: the aws-chunked trailers, where a trailing checksum arrives.
    func verify(trailers: [(name: String, value: String)]) throws(S3Error) -> Result {
        var result = Result()
        if let expected = expectations.sha256Hex, let hash = sha256.take() {
            let computed = Encoding.hex(hash.finalize())
            guard computed == expected else { throw .contentSHA256Mismatch(client: expected, computed: computed) }
        }
        if let hash = md5.take() {
            let digest = hash.finalize()
            result.md5 = digest
            if let expected = expectations.contentMD5, expected.bytes != digest {
                throw .badDigest(expected: expected.text, calculated: Encoding.base64(digest))
            }
        }
        if let declared = expectations.checksum, let running = checksum.take() {
            let computed = running.finalize()
            let expected = declared.value ?? trailers.first { $0.name.lowercased() == declared.algorithm.headerName }?.value
            guard let expected else {
                throw .invalidRequest("The trailing checksum \(declared.algorithm.headerName) was not sent.")
            }
            guard expected.trimmingWhitespace() == computed else { throw .checksumMismatch(declared.algorithm.rawValue) }
            result.checksum = (declared.algorithm, computed)
        }
        return result
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
