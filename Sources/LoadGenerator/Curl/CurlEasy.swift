// SPDX-License-Identifier: Apache-2.0

internal import CCurl

/// An owning wrapper around one libcurl easy handle.
///
/// The handle is used by one driver thread only; it is reset and reused for
/// many requests so that allocations stay out of the hot path.
final class CurlEasy {
    /// The `CURL *` handle (imported as a raw pointer).
    let handle: UnsafeMutableRawPointer

    init() throws(CurlError) {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else {
            throw CurlError.initFailed("curl_easy_init")
        }
        self.handle = handle
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    /// Clears every option; live connections in the multi handle's pool survive.
    func reset() {
        curl_easy_reset(handle)
    }

    func set(_ option: CURLoption, long value: Int) throws(CurlError) {
        try check(ub_curl_easy_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(CurlError) {
        try check(ub_curl_easy_setopt_off_t(handle, option, curl_off_t(value)), option)
    }

    /// Sets a string option; libcurl copies the string (every option used here
    /// except `CURLOPT_POSTFIELDS`, which is not used).
    func set(_ option: CURLoption, string value: String) throws(CurlError) {
        let code = value.withCString { ub_curl_easy_setopt_string(handle, option, $0) }
        try check(code, option)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(CurlError) {
        try check(ub_curl_easy_setopt_pointer(handle, option, value), option)
    }

    func set(_ option: CURLoption, headers list: CurlHeaderList?) throws(CurlError) {
        try check(ub_curl_easy_setopt_slist(handle, option, list?.head), option)
    }

    func set(_ option: CURLoption, write callback: curl_write_callback?) throws(CurlError) {
        try check(ub_curl_easy_setopt_write_callback(handle, option, callback), option)
    }

    func set(_ option: CURLoption, read callback: curl_read_callback?) throws(CurlError) {
        try check(ub_curl_easy_setopt_read_callback(handle, option, callback), option)
    }

    func set(_ option: CURLoption, seek callback: curl_seek_callback?) throws(CurlError) {
        try check(ub_curl_easy_setopt_seek_callback(handle, option, callback), option)
    }

    func set(_ option: CURLoption, closeSocket callback: curl_closesocket_callback?) throws(CurlError) {
        try check(ub_curl_easy_setopt_closesocket_callback(handle, option, callback), option)
    }

    /// A long-valued info item, or 0 when libcurl does not have it.
    func long(_ info: CURLINFO) -> Int {
        var value = 0
        return ub_curl_easy_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    /// An `off_t`-valued info item, or 0 when libcurl does not have it.
    func offset(_ info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        return ub_curl_easy_getinfo_off_t(handle, info, &value) == CURLE_OK ? Int64(value) : 0
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(CurlError) {
        guard code == CURLE_OK else {
            throw CurlError.setoptFailed(option: Int(option.rawValue), code: code)
        }
    }
}

@available(*, unavailable)
extension CurlEasy: Sendable {}
