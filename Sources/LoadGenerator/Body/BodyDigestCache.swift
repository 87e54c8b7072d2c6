// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// MD5s of generated body ranges, kept so that repeated bodies need not be hashed again.
///
/// Bodies are a pure function of (seed, upload index, offset, length), so a
/// digest computed once (in a warm-up, an earlier repeat, the other
/// architecture of the same run, or up front with `precompute`) stays right.
public final class BodyDigestCache: Sendable {
    struct Key: Hashable {
        var seed: UInt64
        var index: Int
        var offset: Int
        var length: Int
    }

    private let digests = Mutex<[Key: [UInt8]]>([:])

    public init() {}

    /// Number of ranges held.
    public var count: Int { digests.withLock { $0.count } }

    func digest(_ key: Key) -> [UInt8]? {
        digests.withLock { $0[key] }
    }

    func store(_ digest: [UInt8], for key: Key) {
        digests.withLock { $0[key] = digest }
    }

    /// Hashes the whole bodies of `uploads` now, on the calling thread, so a
    /// run with `BodyHashing.cached` spends no hashing CPU in its measured window.
    public func precompute(_ uploads: [PlannedUpload], generator: BodyGenerator) {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        for upload in uploads {
            let key = Key(seed: generator.seed, index: upload.index, offset: 0, length: upload.size)
            guard digest(key) == nil else { continue }
            store(Self.md5(generator, index: upload.index, offset: 0, length: upload.size, scratch: &buffer), for: key)
        }
    }

    /// MD5 of a generated range, made by generating it again.
    static func md5(
        _ generator: BodyGenerator, index: Int, offset: Int, length: Int, scratch: inout [UInt8]
    ) -> [UInt8] {
        var hash = IncrementalHashBox()
        var done = 0
        scratch.withUnsafeMutableBytes { buffer in
            while done < length {
                let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer.prefix(min(buffer.count, length - done)))
                generator.fill(chunk, index: index, offset: offset + done)
                hash.update(UnsafeRawBufferPointer(chunk))
                done += chunk.count
            }
        }
        return hash.finalize()
    }
}
