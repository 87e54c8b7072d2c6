// SPDX-License-Identifier: Apache-2.0

internal import CCrypto

/// An incremental hash over libcrypto's EVP interface.
///
/// One value is tied to one context and is not thread-safe; feed it from one
/// thread at a time. `finalize()` may be called once.
public struct IncrementalHash: ~Copyable {
    /// The algorithms S3 and SigV4 use.
    public enum Algorithm: Sendable {
        case md5
        case sha1
        case sha256

        var byteCount: Int {
            switch self {
            case .md5: 16
            case .sha1: 20
            case .sha256: 32
            }
        }

        fileprivate var evp: OpaquePointer {
            switch self {
            case .md5: FetchedAlgorithms.shared.md5
            case .sha1: FetchedAlgorithms.shared.sha1
            case .sha256: FetchedAlgorithms.shared.sha256
            }
        }
    }

    public let algorithm: Algorithm
    private let context: OpaquePointer

    public init(_ algorithm: Algorithm) {
        self.algorithm = algorithm
        // Allocation failure here means the process is out of memory; nothing sensible follows.
        guard let context = EVP_MD_CTX_new() else {
            fatalError("EVP_MD_CTX_new failed")
        }
        self.context = context
        EVP_DigestInit_ex(context, algorithm.evp, nil)
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Adds bytes to the hash.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        if handled == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update($0) }
        }
    }

    /// Returns the digest. The hash cannot be used afterwards.
    public consuming func finalize() -> [UInt8] {
        var output = [UInt8](repeating: 0, count: algorithm.byteCount)
        var length: UInt32 = 0
        output.withUnsafeMutableBufferPointer { buffer in
            _ = EVP_DigestFinal_ex(context, buffer.baseAddress, &length)
        }
        return output
    }
}

/// One-shot digests.
public enum Hash {
    /// SHA-256 of `bytes`.
    public static func sha256<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        digest(.sha256, bytes)
    }

    /// MD5 of `bytes`.
    public static func md5<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        digest(.md5, bytes)
    }

    /// SHA-1 of `bytes`.
    public static func sha1<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        digest(.sha1, bytes)
    }

    /// The digest of `bytes` with `algorithm`.
    public static func digest<Bytes: Sequence>(
        _ algorithm: IncrementalHash.Algorithm,
        _ bytes: Bytes
    ) -> [UInt8] where Bytes.Element == UInt8 {
        var hash = IncrementalHash(algorithm)
        hash.update(bytes)
        return hash.finalize()
    }

    /// Lowercase hex SHA-256 of the empty string, the payload hash of a request without a body.
    public static let emptySHA256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}
