// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPCore

/// One request the app server sends to S3 with its own credentials.
struct S3Request {
    var method: String
    /// The full object key (already confined under the prefix).
    var key: String
    /// Decoded query parameters (`uploadId`, `partNumber`, `uploads`).
    var query: [(name: String, value: String)] = []
    /// Extra headers to send and sign (`Content-Type`).
    var headers: [(name: String, value: String)] = []
    /// A label for timings and errors (`put`, `upload_part`, `complete`, ...).
    var operation: String
}

/// Where a request's body comes from.
enum S3Body {
    /// No body.
    case none
    /// A whole body in memory (buffer mode, parts, XML); the call releases it when done.
    case bytes([UInt8], hash: PayloadHashSource)
    /// A file read from offset 0 (spool mode); the descriptor stays the caller's.
    case file(descriptor: Int32, length: Int64, hash: PayloadHashSource)
    /// Bytes the caller writes with `S3Call.write(_:)` as they arrive (stream mode).
    case streamed(length: Int64)

    /// Whether the call can send the body again (it owns all of it).
    var isReplayable: Bool {
        if case .streamed = self { return false }
        return true
    }

    var length: Int64 {
        switch self {
        case .none: 0
        case .bytes(let bytes, _): Int64(bytes.count)
        case .file(_, let length, _): length
        case .streamed(let length): length
        }
    }
}

/// The SHA-256 of an owned body, when the caller computed it while receiving.
enum PayloadHashSource {
    case unknown
    case sha256([UInt8])
}

/// A complete answer from S3.
struct S3Response {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    /// The `ETag` header as S3 sent it (quoted).
    var etag: String {
        headers["ETag"] ?? ""
    }
}
