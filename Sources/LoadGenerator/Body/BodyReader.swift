// SPDX-License-Identifier: Apache-2.0

/// Serves one request body to libcurl's read callback, generating the object
/// bytes into libcurl's buffer and hashing them on the way.
///
/// Used on the driver thread only.
struct BodyReader: ~Copyable {
    private let body: RequestBody
    private let generator: BodyGenerator
    private let salt: UInt64
    private var position = 0
    private var hash: IncrementalHashBox?
    /// When the last byte was handed to libcurl (0 until then).
    private(set) var finishedAt: UInt64 = 0

    init(body: RequestBody, generator: BodyGenerator) {
        self.body = body
        self.generator = generator
        salt = body.generated.map { BodyGenerator.salt(seed: generator.seed, index: $0.index) } ?? 0
        hash = body.generated?.hashed == true ? IncrementalHashBox() : nil
    }

    var length: Int { body.length }

    /// Copies the next bytes into `buffer`; 0 means the body is complete.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var written = 0
        while written < buffer.count, position < body.length {
            let space = UnsafeMutableRawBufferPointer(rebasing: buffer[written...])
            let count = copySegment(into: space)
            written += count
            position += count
        }
        if position == body.length, finishedAt == 0 {
            finishedAt = MonotonicNanoseconds.now
        }
        return written
    }

    /// Starts again from the first byte (libcurl rewinds after a redirect or a lost connection).
    mutating func rewind() {
        position = 0
        finishedAt = 0
        if hash != nil { hash!.restart() }
    }

    /// MD5 of the generated range, if it was hashed and sent completely.
    mutating func generatedMD5() -> [UInt8]? {
        guard position == body.length, hash != nil else { return nil }
        return hash!.finalize()
    }

    private mutating func copySegment(into space: UnsafeMutableRawBufferPointer) -> Int {
        let generatedLength = body.generated?.length ?? 0
        if position < body.prefix.count {
            return copy(body.prefix, from: position, into: space)
        }
        let inGenerated = position - body.prefix.count
        if let range = body.generated, inGenerated < generatedLength {
            let count = min(space.count, generatedLength - inGenerated)
            let target = UnsafeMutableRawBufferPointer(rebasing: space.prefix(count))
            generator.fill(target, salt: salt, offset: range.offset + inGenerated)
            if hash != nil { hash!.update(UnsafeRawBufferPointer(target)) }
            return count
        }
        return copy(body.suffix, from: inGenerated - generatedLength, into: space)
    }

    private func copy(_ bytes: [UInt8], from start: Int, into space: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(space.count, bytes.count - start)
        bytes.withUnsafeBytes { source in
            space.baseAddress!.copyMemory(from: source.baseAddress! + start, byteCount: count)
        }
        return count
    }
}
