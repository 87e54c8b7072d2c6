// SPDX-License-Identifier: Apache-2.0

import Digest

/// Decodes an `aws-chunked` body as it streams in, checking each chunk's
/// signature when the payload is signed.
///
/// Framing: `hex-size[;chunk-signature=SIG]\r\n` `data` `\r\n`, ending with a
/// zero-size chunk, then optional trailer lines and an empty line.
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
final class AWSChunkedDecoder {
    /// Checks one chunk: its data's SHA-256 and the signature it carried, in order.
    typealias ChunkVerifier = (_ chunkSHA256: [UInt8], _ signature: String) -> Bool

    private enum State {
        case header
        case data(remaining: Int64)
        case dataEnd
        case trailers
        case done
    }

    private var state = State.header
    private var line: [UInt8] = []
    private var signature: String?
    private var chunkHash: IncrementalHash?
    private let verifier: ChunkVerifier?
    /// Trailer fields received after the last chunk.
    private(set) var trailers: [(name: String, value: String)] = []
    /// Bytes run through SHA-256 for chunk signatures.
    private(set) var hashedBytes: Int64 = 0

    /// The longest chunk header or trailer line accepted.
    private static let maximumLine = 4096

    init(verifier: ChunkVerifier?) {
        self.verifier = verifier
    }

    /// Whether the final chunk and trailers have arrived.
    var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Feeds raw body bytes; decoded data goes to `output`.
    /// - Throws: `IncompleteBody`-style framing errors or `SignatureDoesNotMatch`.
    func feed(_ bytes: UnsafeRawBufferPointer, output: (UnsafeRawBufferPointer) throws(S3Error) -> Void) throws(S3Error) {
        var index = 0
        while index < bytes.count {
            switch state {
            case .header, .trailers, .dataEnd:
                let byte = bytes[index]
                index += 1
                line.append(byte)
                guard line.count <= Self.maximumLine else { throw Self.malformed }
                if byte == UInt8(ascii: "\n") {
                    guard line.count >= 2, line[line.count - 2] == UInt8(ascii: "\r") else { throw Self.malformed }
                    let text = line.dropLast(2)
                    line.removeAll(keepingCapacity: true)
                    try finishLine(text)
                }
            case .data(let remaining):
                let take = Int(min(Int64(bytes.count - index), remaining))
                let slice = UnsafeRawBufferPointer(rebasing: bytes[index..<(index + take)])
                chunkHash?.update(slice)
                hashedBytes += chunkHash == nil ? 0 : Int64(take)
                try output(slice)
                index += take
                let left = remaining - Int64(take)
                if left == 0 {
                    state = .dataEnd
                    try verifyChunk()
                } else {
                    state = .data(remaining: left)
                }
            case .done:
                throw Self.malformed
            }
        }
    }

    private func finishLine(_ text: ArraySlice<UInt8>) throws(S3Error) {
        switch state {
        case .dataEnd:
            guard text.isEmpty else { throw Self.malformed }
            state = .header
        case .header:
            try startChunk(String(decoding: text, as: UTF8.self))
        case .trailers:
            if text.isEmpty {
                state = .done
                return
            }
            let field = String(decoding: text, as: UTF8.self)
            guard let colon = field.firstIndex(of: ":") else { throw Self.malformed }
            trailers.append((String(field[..<colon]).lowercased(), field[field.index(after: colon)...].trimmingWhitespace()))
        case .data, .done:
            throw Self.malformed
        }
    }

    private func startChunk(_ header: String) throws(S3Error) {
        let parts = header.split(separator: ";", maxSplits: 1)
        guard let sizeText = parts.first, let size = Int64(sizeText, radix: 16), size >= 0 else { throw Self.malformed }
        signature = nil
        if parts.count == 2 {
            let extensionText = parts[1]
            guard extensionText.hasPrefix("chunk-signature=") else { throw Self.malformed }
            signature = String(extensionText.dropFirst("chunk-signature=".count))
        }
        if verifier != nil {
            guard signature != nil else {
                throw .signatureDoesNotMatch("The request signature we calculated does not match the signature you provided. Check your key and signing method.")
            }
            chunkHash = IncrementalHash(.sha256)
        }
        if size == 0 {
            try verifyChunk()
            state = .trailers
        } else {
            state = .data(remaining: size)
        }
    }

    private func verifyChunk() throws(S3Error) {
        guard let verifier, let hash = chunkHash.take(), let signature else { return }
        guard verifier(hash.finalize(), signature) else {
            throw .signatureDoesNotMatch("The request signature we calculated does not match the signature you provided. Check your key and signing method.")
        }
    }

    private static let malformed = S3Error.invalidRequest("The aws-chunked body is malformed.")
}
