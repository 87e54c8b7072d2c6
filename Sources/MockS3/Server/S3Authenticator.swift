// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPCore
import SigV4

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

/// Checks request signatures with the SigV4 verifier, in the head stage so a
/// refused request never gets `100 Continue`.
struct S3Authenticator: Sendable {
    let requireSignatures: Bool
    private let verifier: SignatureVerifier

    init(configuration: MockS3Server.Configuration) {
        requireSignatures = configuration.requireSignatures
        let secrets = Dictionary(
            configuration.credentials.map {
                ($0.accessKeyID, SignatureVerifier.Secret(secretAccessKey: $0.secretAccessKey, sessionToken: $0.sessionToken))
            },
            uniquingKeysWith: { first, _ in first }
        )
        verifier = SignatureVerifier(
            configuration: .init(region: configuration.region, allowedClockSkew: configuration.clockSkewTolerance),
            credentials: { secrets[$0] }
        )
    }

    /// Authenticates `head`. Without required signatures every request is anonymous.
    /// - Throws: S3's refusal (AccessDenied, SignatureDoesNotMatch, ...).
    func authenticate(_ head: HTTPRequestHead, now: Date) throws(S3Error) -> Authorization {
        guard requireSignatures else {
            return Authorization(accessKeyID: nil, payload: try Self.declaredPayload(head.headers), presigned: false)
        }
        if Self.isSignatureVersion2(head) {
            throw .invalidRequest("The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.")
        }
        let verified: VerifiedRequest
        do {
            verified = try verifier.verify(method: head.method, target: head.target, headers: head.headers.fields, now: now)
        } catch {
            throw S3Error(error)
        }
        let payload: Authorization.Payload
        switch verified.payload {
        case .unsigned: payload = .unsigned
        case .sha256(let hex): payload = .sha256(hex)
        case .streamingUnsignedTrailer: payload = .streamingUnsignedTrailer
        case .streamingSigned:
            let claim = verified.payload
            payload = .streamingSigned {
                // The chain state lives in one box per request, advanced chunk by chunk.
                let box = ChunkChain(claim.chunkSigner!)
                return { hash, signature in box.signer.verify(chunkSHA256: hash, signature: signature) }
            }
        }
        return Authorization(accessKeyID: verified.accessKeyID, payload: payload, presigned: verified.form == .query)
    }

    /// Verifies a browser POST form's policy signature and expiration (not its conditions).
    /// - Parameter fields: the form fields before the file.
    /// - Throws: S3's refusal (InvalidAccessKeyId, SignatureDoesNotMatch, AccessDenied for an expired policy, ...).
    func authenticatePost(fields: [(name: String, value: String)], now: Date) throws(S3Error) -> VerifiedPostPolicy {
        do {
            return try verifier.verifyPostPolicy(fields: fields, now: now)
        } catch {
            throw S3Error(error)
        }
    }

    /// Whether the request is signed with SigV2 (`AWS key:signature`, or
    /// `AWSAccessKeyId`/`Signature` in the query), which the mock does not verify;
    /// S3 answers it this way in regions without SigV2.
    private static func isSignatureVersion2(_ head: HTTPRequestHead) -> Bool {
        // Byte prefixes: these run for every request, and the prefixes are ASCII.
        if let authorization = head.headers["Authorization"], authorization.utf8.starts(with: "AWS ".utf8) {
            return true
        }
        guard let query = head.rawQuery else { return false }
        return query.utf8.split(separator: UInt8(ascii: "&")).contains { $0.starts(with: "AWSAccessKeyId=".utf8) }
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

extension S3Error {
    /// The verifier's refusal with its S3 code, status, message and fields.
    init(_ error: VerificationError) {
        self.init(code: error.s3Code, status: error.httpStatus, message: error.message, fields: error.fields)
    }
}

/// A mutable home for one request's chunk-signature chain.
private final class ChunkChain {
    var signer: ChunkSigner

    init(_ signer: ChunkSigner) {
        self.signer = signer
    }
}
