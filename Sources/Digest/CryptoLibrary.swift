// SPDX-License-Identifier: Apache-2.0

internal import CCrypto

/// The libcrypto the digests run on, for reports.
public enum CryptoLibrary {
    /// For example "OpenSSL 3.0.19 27 Jan 2026".
    public static var version: String {
        String(cString: OpenSSL_version(OPENSSL_VERSION))
    }
}
