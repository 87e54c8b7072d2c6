// SPDX-License-Identifier: Apache-2.0

/// What a signer declares about the body in `x-amz-content-sha256` and the canonical request.
///
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
public enum PayloadHash: Sendable, Hashable {
    /// The lowercase hex SHA-256 of the whole body.
    case sha256(String)
    /// `UNSIGNED-PAYLOAD`: the body is not covered by the signature.
    case unsigned
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: an aws-chunked body, each chunk signed.
    case streamingSigned
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: an aws-chunked body with unsigned chunks and a checksum trailer.
    case streamingUnsignedTrailer

    /// The SHA-256 of an empty body.
    public static let empty = PayloadHash.sha256(emptySHA256Hex)

    static let emptySHA256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let unsignedLiteral = "UNSIGNED-PAYLOAD"
    static let streamingSignedLiteral = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
    static let streamingUnsignedTrailerLiteral = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"

    /// The value as it appears in `x-amz-content-sha256` and as the last canonical line.
    public var value: String {
        switch self {
        case .sha256(let hex): hex
        case .unsigned: Self.unsignedLiteral
        case .streamingSigned: Self.streamingSignedLiteral
        case .streamingUnsignedTrailer: Self.streamingUnsignedTrailerLiteral
        }
    }
}
