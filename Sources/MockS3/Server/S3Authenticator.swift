// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPCore

/// What authentication established about a request.
struct Authorization {
    /// How the body is bound to the signature.
    enum Payload {
        case unsigned
        /// The lowercase hex SHA-256 the decoded body must have.
        case sha256(String)
        /// aws-chunked with a signature on every chunk; `makeVerifier` gives the chain's checker.
        case streamingSigned(makeVerifier: () -> AWSChunkedDecoder.ChunkVerifier)
        /// aws-chunked, unsigned chunks, checksum in a trailer.
        case streamingUnsignedTrailer
        /// aws-chunked without signatures (anonymous requests only).
        case streamingUnverified

        var isStreaming: Bool {
            switch self {
            case .unsigned, .sha256: false
            case .streamingSigned, .streamingUnsignedTrailer, .streamingUnverified: true
            }
        }
    }

    /// The access key that signed; nil for anonymous requests.
    var accessKeyID: String?
    var payload: Payload
    /// Whether the signature came in the query (a presigned URL).
    var presigned: Bool

    static var anonymous: Authorization { Authorization(accessKeyID: nil, payload: .unsigned, presigned: false) }
}

/// Checks request signatures.
struct S3Authenticator: Sendable {
    let requireSignatures: Bool

    init(configuration: MockS3Server.Configuration) {
        requireSignatures = configuration.requireSignatures
    }

    /// Authenticates `head`.
    /// - Throws: S3's refusal (AccessDenied, SignatureDoesNotMatch, ...).
    func authenticate(_ head: HTTPRequestHead, now: Date) throws(S3Error) -> Authorization {
        guard !requireSignatures else {
            // TODO: verify with SigV4's SignatureVerifier once it lands on main.
            throw .accessDenied()
        }
        return Authorization(accessKeyID: nil, payload: try Self.declaredPayload(head.headers), presigned: false)
    }

    /// The payload mode an unsigned request declares in `x-amz-content-sha256`.
    static func declaredPayload(_ headers: HTTPHeaders) throws(S3Error) -> Authorization.Payload {
        guard let declared = headers["x-amz-content-sha256"] else { return .unsigned }
        switch declared {
        case "UNSIGNED-PAYLOAD": return .unsigned
        case "STREAMING-UNSIGNED-PAYLOAD-TRAILER": return .streamingUnsignedTrailer
        case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER": return .streamingUnverified
        default:
            let lowered = declared.lowercased()
            guard lowered.utf8.count == 64, lowered.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
                throw .invalidArgument("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.", name: "x-amz-content-sha256", value: declared)
            }
            return .sha256(lowered)
        }
    }
}
