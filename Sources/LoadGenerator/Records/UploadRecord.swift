// SPDX-License-Identifier: Apache-2.0

/// The outcome and timing of one simulated upload.
///
/// Times are integer nanoseconds on CLOCK_MONOTONIC (`MonotonicNanoseconds`);
/// subtract `LoadRun.startNanoseconds` for offsets into the run.
public struct UploadRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case ok
        case failed
        /// Stored, but what S3 reports does not match what the client sent.
        case corrupted
    }

    public var index: Int
    public var key: String
    /// `UploadArchitecture.label`.
    public var architecture: String
    public var objectSize: Int
    public var warmUp: Bool
    public var status: Status
    /// Why the upload failed or is corrupted: an S3 or app server code (`SlowDown`),
    /// a transport label (`curl_couldnt_connect`), or a client check (`etag_mismatch`).
    public var errorCode: String?
    /// HTTP requests made for this upload, retries included.
    public var attempts: Int
    /// Requests sent again after a retryable failure.
    public var retries: Int
    /// The error codes of the failures that were retried, in order.
    public var retriedErrorCodes: [String]
    /// Whether the stored object was checked against the client's MD5.
    public var verified: Bool
    /// MD5 of the whole object (lowercase hex), when the client computed or knew it.
    public var md5Hex: String?
    /// The ETag the client expects S3 to report (plain MD5, or `md5-of-md5s-N` for multipart).
    public var expectedETag: String?
    /// The ETag S3 (or the app server) reported, without quotes.
    public var etag: String?

    /// When the upload was due (open loop); equals `startNanoseconds` in a closed loop.
    public var intendedStartNanoseconds: UInt64
    public var startNanoseconds: UInt64
    public var endNanoseconds: UInt64
    /// Whether an open-loop upload started later than the late-start threshold.
    public var lateStart: Bool
    public var hops: [HopRecord]

    /// From intended start to end: the latency a user sees, queueing included.
    public var latencyNanoseconds: UInt64 { endNanoseconds &- intendedStartNanoseconds }
    /// Time spent waiting to start.
    public var queueDelayNanoseconds: UInt64 { startNanoseconds &- intendedStartNanoseconds }
    /// Bytes sent over all hops, headers included.
    public var bytesSent: Int { hops.reduce(0) { $0 + $1.bodyBytesSent + $1.headerBytesSent } }
    /// Bytes received over all hops, headers included.
    public var bytesReceived: Int { hops.reduce(0) { $0 + $1.bodyBytesReceived + $1.headerBytesReceived } }

    /// The first hop of `kind` that succeeded, or the last one tried.
    public func hop(_ kind: HopRecord.Kind) -> HopRecord? {
        let matching = hops.filter { $0.kind == kind }
        return matching.first { (200..<300).contains($0.status) } ?? matching.last
    }
}

/// One HTTP request made for an upload.
public struct HopRecord: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// `POST /presign` or `POST /presign/post`.
        case presign
        /// `PUT /upload/{key}` to the app server.
        case appUpload = "app_upload"
        /// `PUT` (or form `POST`) of the whole object to S3.
        case s3Upload = "s3_upload"
        case multipartCreate = "multipart_create"
        case partURL = "part_url"
        case part
        case multipartComplete = "multipart_complete"
        case multipartAbort = "multipart_abort"
        case confirm
    }

    public var kind: Kind
    /// Part number for `part` and `partURL`, else 0.
    public var partNumber: Int
    /// 1 for the first try of this request, 2 for its first retry, ...
    public var attempt: Int
    /// HTTP status; 0 when the transfer failed below HTTP.
    public var status: Int
    public var errorCode: String?
    /// When the flow asked for the request (added delays and backoff count from here).
    public var issuedNanoseconds: UInt64
    /// When it was handed to libcurl.
    public var startNanoseconds: UInt64
    /// First byte of the final response head (`100 Continue` skipped); 0 if none arrived.
    public var firstResponseByteNanoseconds: UInt64
    /// When the last request body byte was handed to libcurl; 0 without a body.
    public var bodySentNanoseconds: UInt64
    public var endNanoseconds: UInt64
    public var bodyBytesSent: Int
    public var headerBytesSent: Int
    public var bodyBytesReceived: Int
    public var headerBytesReceived: Int
    /// Whether the request opened a new connection (false when one was reused).
    public var newConnection: Bool

    public var durationNanoseconds: UInt64 { endNanoseconds &- issuedNanoseconds }
    /// From hand-over to libcurl to the first response byte; nil without a response.
    public var timeToFirstByteNanoseconds: UInt64? {
        firstResponseByteNanoseconds == 0 ? nil : firstResponseByteNanoseconds &- startNanoseconds
    }
}
