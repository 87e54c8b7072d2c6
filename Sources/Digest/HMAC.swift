// SPDX-License-Identifier: Apache-2.0

/// HMAC-SHA256, the keyed hash behind every SigV4 signature.
///
/// Built from two SHA-256 passes (RFC 2104) rather than libcrypto's one-shot
/// `HMAC()`, which in OpenSSL 3 fetches and configures a MAC object on every
/// call and cost more than the rest of a verified request's hashing together.
public enum HMAC {
    private static let blockSize = 64

    /// HMAC-SHA256 of `message` under `key`.
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes { sha256(key: key, message: $0) }
    }

    /// HMAC-SHA256 of the UTF-8 bytes of `message` under `key`.
    public static func sha256(key: [UInt8], message: String) -> [UInt8] {
        var message = message
        return message.withUTF8 { sha256(key: key, message: UnsafeRawBufferPointer($0)) }
    }

    /// HMAC-SHA256 of `message` under `key`.
    public static func sha256(key: [UInt8], message: UnsafeRawBufferPointer) -> [UInt8] {
        // Keys longer than a block are hashed first; shorter ones are zero-padded.
        let blockKey = key.count > blockSize ? Hash.sha256(key) : key
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: blockSize) { pad in
            pad.initialize(repeating: 0)
            for (index, byte) in blockKey.enumerated() { pad[index] = byte }

            for index in 0..<blockSize { pad[index] ^= 0x36 }
            var inner = IncrementalHash(.sha256)
            inner.update(UnsafeRawBufferPointer(pad))
            inner.update(message)
            let innerDigest = inner.finalize()

            // 0x36 ^ 0x5c: turns the inner pad into the outer one in place.
            for index in 0..<blockSize { pad[index] ^= 0x36 ^ 0x5c }
            var outer = IncrementalHash(.sha256)
            outer.update(UnsafeRawBufferPointer(pad))
            outer.update(innerDigest)
            return outer.finalize()
        }
    }
}
