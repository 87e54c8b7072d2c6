// SPDX-License-Identifier: Apache-2.0

import Digest

/// What every flow on one driver thread shares: configuration, body generator and digests.
final class FlowEnvironment {
    let configuration: LoadGeneratorConfiguration
    let generator: BodyGenerator
    /// `directBaseURL` and the slash before a key, joined once instead of per upload.
    let directPrefix: String
    /// The `Content-Type` header of upload bodies, one array shared by every request.
    let contentTypeHeader: [(String, String)]

    init(configuration: LoadGeneratorConfiguration) {
        self.configuration = configuration
        generator = BodyGenerator(seed: configuration.seed)
        directPrefix = configuration.directBaseURL + "/"
        contentTypeHeader = [("Content-Type", configuration.contentType)]
    }

    private var cache: BodyDigestCache? {
        if case .cached(let cache) = configuration.hashing { return cache }
        return nil
    }

    private func key(_ index: Int, _ offset: Int, _ length: Int) -> BodyDigestCache.Key {
        BodyDigestCache.Key(seed: generator.seed, index: index, offset: offset, length: length)
    }

    /// A generated range, hashed on the way unless its MD5 is known or not wanted.
    func range(index: Int, offset: Int, length: Int) -> RequestBody.Generated {
        let hashed: Bool =
            switch configuration.hashing {
            case .streaming: true
            case .off: false
            case .cached(let cache): cache.digest(key(index, offset, length)) == nil
            }
        return RequestBody.Generated(index: index, offset: offset, length: length, hashed: hashed)
    }

    /// The MD5 of a range: from the exchange that sent it, else the cache; nil when hashing is off.
    /// A freshly computed digest is added to the cache.
    func md5(of range: RequestBody.Generated, sent result: ExchangeResult?) -> [UInt8]? {
        if let digest = result?.bodyMD5 {
            cache?.store(digest, for: key(range.index, range.offset, range.length))
            return digest
        }
        return cache?.digest(key(range.index, range.offset, range.length))
    }

    /// MD5s of consecutive `partSize` ranges of an object (for the multipart ETag of a proxy
    /// upload), from the cache or by generating the parts again; nil when hashing is off.
    func partMD5s(index: Int, size: Int, partSize: Int) -> [[UInt8]]? {
        if case .off = configuration.hashing { return nil }
        var scratch = [UInt8]()
        var digests = [[UInt8]]()
        var offset = 0
        repeat {
            let length = min(partSize, size - offset)
            let partKey = key(index, offset, length)
            if let known = cache?.digest(partKey) {
                digests.append(known)
            } else {
                if scratch.isEmpty { scratch = [UInt8](repeating: 0, count: 1 << 20) }
                let digest = BodyDigestCache.md5(generator, index: index, offset: offset, length: length, scratch: &scratch)
                cache?.store(digest, for: partKey)
                digests.append(digest)
            }
            offset += length
        } while offset < size
        return digests
    }

    /// S3's ETag of a multipart object: MD5 of the parts' binary MD5s, a dash, the part count.
    static func multipartETag(_ partMD5s: [[UInt8]]) -> String {
        Encoding.hex(Hash.md5(partMD5s.joined())) + "-\(partMD5s.count)"
    }
}

@available(*, unavailable)
extension FlowEnvironment: Sendable {}
