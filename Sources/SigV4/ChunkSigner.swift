// SPDX-License-Identifier: Apache-2.0

import Digest

/// Signs and checks the chunks of an aws-chunked body (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`).
///
/// Each chunk's signature chains from the previous one, starting at the seed
/// signature of the request; the final chunk is empty:
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
public struct ChunkSigner: Sendable {
    /// The signing key of the request (secret material: do not log).
    public let signingKey: [UInt8]
    /// The credential scope of the request.
    public let scope: CredentialScope
    /// The `x-amz-date` of the request.
    public let amzDate: String
    /// The signature of the last chunk signed or checked; the seed signature at first.
    public private(set) var previousSignature: String

    private static let algorithm = "AWS4-HMAC-SHA256-PAYLOAD"

    /// Creates a chunk signer from the request's seed signature.
    public init(seedSignature: String, signingKey: [UInt8], scope: CredentialScope, amzDate: String) {
        self.previousSignature = seedSignature
        self.signingKey = signingKey
        self.scope = scope
        self.amzDate = amzDate
    }

    /// Signs the next chunk and moves the chain forward.
    public mutating func sign(chunk: some Sequence<UInt8>) -> String {
        sign(chunkSHA256: Hash.sha256(chunk))
    }

    /// Signs the next chunk given its SHA-256 (for callers that hash while receiving), and moves the chain forward.
    public mutating func sign(chunkSHA256: [UInt8]) -> String {
        let stringToSign = "\(Self.algorithm)\n\(amzDate)\n\(scope.string)\n\(previousSignature)\n"
            + "\(PayloadHash.emptySHA256Hex)\n\(Encoding.hex(chunkSHA256))"
        let signature = Encoding.hex(HMAC.sha256(key: signingKey, message: stringToSign))
        previousSignature = signature
        return signature
    }

    /// Checks the next chunk's signature and moves the chain forward.
    ///
    /// - Returns: Whether `signature` (hex, either case) is the expected one. After a
    ///   mismatch the chain has moved on with the expected value; callers reject the request.
    public mutating func verify(chunkSHA256: [UInt8], signature: some StringProtocol) -> Bool {
        let expected = sign(chunkSHA256: chunkSHA256)
        return constantTimeEquals(expected, signature.lowercased())
    }
}

/// Compares two ASCII strings without an early exit on the first different byte.
func constantTimeEquals(_ left: String, _ right: String) -> Bool {
    // Over the strings' own bytes: copying each into an array cost two allocations per
    // verified request, and zipping the UTF-8 views about 140 instructions a byte.
    var left = left
    var right = right
    return left.withUTF8 { leftBytes in
        right.withUTF8 { rightBytes in
            guard leftBytes.count == rightBytes.count else { return false }
            var difference: UInt8 = 0
            for index in 0..<leftBytes.count {
                difference |= leftBytes[index] ^ rightBytes[index]
            }
            return difference == 0
        }
    }
}
