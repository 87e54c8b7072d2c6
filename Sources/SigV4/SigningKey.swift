// SPDX-License-Identifier: Apache-2.0

import Digest
import Synchronization

/// Derives SigV4 signing keys and keeps recent ones.
///
/// A key depends only on the secret, the date, the region and the service, so a
/// server that verifies thousands of requests a second derives it once a day per
/// access key instead of four HMACs per request.
public final class SigningKeyCache: Sendable {
    private struct Key: Hashable {
        var secret: String
        var scope: CredentialScope
    }

    private let keys = Mutex<[Key: [UInt8]]>([:])
    private let capacity: Int

    /// A process-wide cache, the default of signers and verifiers.
    public static let shared = SigningKeyCache()

    /// Creates a cache that holds at most `capacity` keys (it empties itself when full).
    public init(capacity: Int = 1_024) {
        self.capacity = capacity
    }

    /// The signing key for `secret` in `scope`, derived or from the cache.
    public func signingKey(secret: String, scope: CredentialScope) -> [UInt8] {
        let key = Key(secret: secret, scope: scope)
        if let cached = keys.withLock({ $0[key] }) { return cached }
        let derived = Self.derive(secret: secret, scope: scope)
        keys.withLock { keys in
            // Dates roll over daily; dropping everything at capacity keeps this bounded
            // without tracking ages, and costs one derivation per live key afterwards.
            if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
            keys[key] = derived
        }
        return derived
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    public static func derive(secret: String, scope: CredentialScope) -> [UInt8] {
        let dateKey = HMAC.sha256(key: Array(("AWS4" + secret).utf8), message: scope.date)
        let regionKey = HMAC.sha256(key: dateKey, message: scope.region)
        let serviceKey = HMAC.sha256(key: regionKey, message: scope.service)
        return HMAC.sha256(key: serviceKey, message: CredentialScope.terminal)
    }
}

/// The string to sign and the signature (tasks 2 and 4 of SigV4).
enum Signature {
    static let algorithm = "AWS4-HMAC-SHA256"

    static func stringToSign(amzDate: String, scope: CredentialScope, canonicalRequestHash: String) -> String {
        String(decoding: stringToSignBytes(amzDate: amzDate, scope: scope, canonicalRequestHash: canonicalRequestHash),
               as: UTF8.self)
    }

    /// The string to sign as bytes, assembled in one buffer: the verifier signs these
    /// and needs the text only to report a mismatch.
    static func stringToSignBytes(amzDate: String, scope: CredentialScope, canonicalRequestHash: String) -> [UInt8] {
        let parts = [
            algorithm, amzDate, scope.date, scope.region, scope.service, CredentialScope.terminal, canonicalRequestHash,
        ]
        // Newlines between the four lines; slashes inside the scope line.
        let separators: [UInt8] = [0x0A, 0x0A, 0x2F, 0x2F, 0x2F, 0x0A]
        var bytes = [UInt8]()
        bytes.reserveCapacity(parts.reduce(separators.count) { $0 + $1.utf8.count })
        for (index, part) in parts.enumerated() {
            if index > 0 { bytes.append(separators[index - 1]) }
            bytes.append(contentsOf: part.utf8)
        }
        return bytes
    }

    static func sign(_ stringToSign: String, key: [UInt8]) -> String {
        Encoding.hex(HMAC.sha256(key: key, message: stringToSign))
    }

    static func sign(bytes stringToSign: [UInt8], key: [UInt8]) -> String {
        Encoding.hex(HMAC.sha256(key: key, message: stringToSign))
    }
}
