// SPDX-License-Identifier: Apache-2.0

internal import CCrypto

/// The digest implementations, fetched from libcrypto's default provider once.
///
/// OpenSSL 3 resolves the legacy `EVP_sha256()`-style handles to a provider on
/// every `EVP_DigestInit_ex`, a lock and a method-store lookup each time; a
/// fetched `EVP_MD` skips that. Fetched objects are never freed (they live as
/// long as the process) and OpenSSL documents them as safe to share between threads.
struct FetchedAlgorithms: @unchecked Sendable {
    // @unchecked: immutable after creation, and fetched EVP_MDs are thread-safe (see above).
    let md5: OpaquePointer
    let sha1: OpaquePointer
    let sha256: OpaquePointer

    static let shared = FetchedAlgorithms()

    private init() {
        md5 = EVP_MD_fetch(nil, "MD5", nil) ?? EVP_md5()
        sha1 = EVP_MD_fetch(nil, "SHA1", nil) ?? EVP_sha1()
        sha256 = EVP_MD_fetch(nil, "SHA256", nil) ?? EVP_sha256()
    }
}
