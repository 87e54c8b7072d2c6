// SPDX-License-Identifier: Apache-2.0

internal import CCurl

/// libcurl's process-wide initialisation, done once before the first handle.
enum CurlGlobal {
    // A lazily initialised global runs its initialiser exactly once, thread-safely.
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    static func ensureInitialized() {
        _ = initialized
    }
}

extension LoadGenerator {
    /// The libcurl the simulated clients run on, e.g. "libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13", for reports.
    public static var libcurlVersion: String {
        String(cString: curl_version())
    }
}
