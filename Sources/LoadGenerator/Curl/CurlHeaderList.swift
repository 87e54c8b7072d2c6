// SPDX-License-Identifier: Apache-2.0

internal import CCurl

/// An owning `curl_slist` of request header lines.
///
/// libcurl keeps the pointer (not a copy) while a transfer runs, so the
/// transfer holds this object until libcurl is done with the request.
final class CurlHeaderList {
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    init() {}

    deinit {
        curl_slist_free_all(head)
    }

    /// Frees every line; the list must no longer be set on a handle libcurl may use.
    func removeAll() {
        curl_slist_free_all(head)
        head = nil
    }

    /// Appends one `Name: value` line. An empty value with a trailing colon
    /// (`"Expect:"`) removes a header libcurl would add itself.
    func append(_ line: String) throws(CurlError) {
        let extended = line.withCString { curl_slist_append(head, $0) }
        guard let extended else { throw CurlError.initFailed("curl_slist_append") }
        head = extended
    }

    func append(name: String, value: String) throws(CurlError) {
        // `Name;` is libcurl's spelling for a header sent with an empty value.
        try append(value.isEmpty ? "\(name);" : "\(name): \(value)")
    }
}

@available(*, unavailable)
extension CurlHeaderList: Sendable {}
