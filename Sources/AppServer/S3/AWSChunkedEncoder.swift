// SPDX-License-Identifier: Apache-2.0

import SigV4

/// Frames a body as aws-chunked with a signature per chunk
/// (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`):
/// `hex(size);chunk-signature=SIG\r\n` data `\r\n`, ending with an empty chunk.
///
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
struct AWSChunkedEncoder {
    private var signer: ChunkSigner

    init(signer: ChunkSigner) {
        self.signer = signer
    }

    /// The line before a chunk's data; signs the chunk.
    mutating func header(for chunk: UnsafeRawBufferPointer) -> [UInt8] {
        let signature = signer.sign(chunk: chunk)
        return Array("\(String(chunk.count, radix: 16));chunk-signature=\(signature)\r\n".utf8)
    }

    /// What follows a chunk's data.
    static let chunkEnd: [UInt8] = [13, 10]

    /// The final, empty chunk and the end of the body.
    mutating func finalChunk() -> [UInt8] {
        let signature = signer.sign(chunk: [UInt8]())
        return Array("0;chunk-signature=\(signature)\r\n\r\n".utf8)
    }

    /// The encoded length (the `Content-Length` on the wire) of `decodedLength` bytes
    /// cut into chunks of `chunkSize`.
    static func encodedLength(decodedLength: Int64, chunkSize: Int) -> Int64 {
        func framed(_ size: Int64) -> Int64 {
            // hex size, ";chunk-signature=", 64 hex digits, CRLF, data, CRLF
            Int64(String(size, radix: 16).utf8.count) + 17 + 64 + 2 + size + 2
        }
        let size = Int64(chunkSize)
        let fullChunks = decodedLength / size
        let rest = decodedLength % size
        return fullChunks * framed(size) + (rest > 0 ? framed(rest) : 0) + framed(0)
    }
}
