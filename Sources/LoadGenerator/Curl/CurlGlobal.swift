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
