// SPDX-License-Identifier: Apache-2.0

/// How the proxy route `PUT /upload/{key}` moves a body to S3.
public enum ProxyMode: String, Sendable, CaseIterable, Codable {
    /// Relay bytes as they arrive through a fixed buffer, pausing the client
    /// while S3 is slower (bounded memory).
    case stream
    /// Read the whole body into memory, then PUT it.
    case buffer
    /// Write the body to a temporary file, then PUT it from the file.
    case spool
    /// Cut the body into parts and upload them with bounded parallelism.
    case multipart
}

/// How requests to S3 declare their payload (the `x-amz-content-sha256` header).
public enum PayloadSigning: String, Sendable, CaseIterable, Codable {
    /// `UNSIGNED-PAYLOAD`: the body is not covered by the signature.
    case unsigned = "unsigned"
    /// The hex SHA-256 of the body; needs the whole body before sending.
    case signed = "signed"
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: aws-chunked framing, one signature per chunk.
    case streaming = "aws-chunked"
}
