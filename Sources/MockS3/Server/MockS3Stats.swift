// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// What the mock has received and done so far.
public struct MockS3Stats: Sendable, Equatable {
    /// Request head bytes (request line and header fields, as parsed).
    public var headBytesIn: Int64 = 0
    /// Request body bytes as received (before aws-chunked decoding).
    public var bodyBytesIn: Int64 = 0
    /// Response body bytes sent.
    public var bodyBytesOut: Int64 = 0
    /// Requests by operation name (`PutObject`, ...); refused-before-routing ones as `Unknown`.
    public var requests: [String: Int] = [:]
    /// Error responses by S3 code.
    public var errors: [String: Int] = [:]
    /// Objects stored (PutObject, PostObject and CompleteMultipartUpload successes).
    public var objectsStored: Int = 0
    /// Bytes in stored objects and parts.
    public var bytesStored: Int64 = 0
    /// Bytes hashed with MD5 (ETags, Content-MD5).
    public var md5Bytes: Int64 = 0
    /// Bytes hashed with SHA-256 to check a signed payload or chunk signatures.
    public var sha256Bytes: Int64 = 0
    /// Bytes run through an `x-amz-checksum-*` algorithm.
    public var checksumBytes: Int64 = 0
    /// The most bytes one POST form held while parsing (fields before the file
    /// plus undecided bytes): bounded by the pre-data limit and a read, not the file size.
    public var postFormPeakBytes: Int = 0
    /// Faults injected, by kind (`SlowDown`, `InternalError`, `reset`, `RequestTimeout`).
    public var faultsInjected: [String: Int] = [:]

    public init() {}

    /// All requests counted.
    public var requestCount: Int { requests.values.reduce(0, +) }
}

/// The counters behind `MockS3Stats`, updated once per request.
final class StatsRecorder: Sendable {
    private let stats = Mutex(MockS3Stats())

    /// One finished request's contribution.
    struct Entry {
        var operation = "Unknown"
        var headBytes: Int64 = 0
        var bodyBytes: Int64 = 0
        var bytesOut: Int64 = 0
        var errorCode: String?
        var stored: Int64?
        var storedObject = false
        var md5Bytes: Int64 = 0
        var sha256Bytes: Int64 = 0
        var checksumBytes: Int64 = 0
        var fault: String?
        var postBufferPeak = 0
    }

    func record(_ entry: Entry) {
        stats.withLock { stats in
            stats.headBytesIn += entry.headBytes
            stats.bodyBytesIn += entry.bodyBytes
            stats.bodyBytesOut += entry.bytesOut
            stats.requests[entry.operation, default: 0] += 1
            if let code = entry.errorCode { stats.errors[code, default: 0] += 1 }
            if let stored = entry.stored { stats.bytesStored += stored }
            if entry.storedObject { stats.objectsStored += 1 }
            stats.md5Bytes += entry.md5Bytes
            stats.sha256Bytes += entry.sha256Bytes
            stats.checksumBytes += entry.checksumBytes
            stats.postFormPeakBytes = max(stats.postFormPeakBytes, entry.postBufferPeak)
            if let fault = entry.fault { stats.faultsInjected[fault, default: 0] += 1 }
        }
    }

    func snapshot() -> MockS3Stats {
        stats.withLock { $0 }
    }
}
