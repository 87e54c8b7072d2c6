// SPDX-License-Identifier: Apache-2.0

internal import CCurl

/// An owning wrapper around a libcurl multi handle.
///
/// Easy handles added here must be removed before they are reused or freed;
/// the driver that owns this object does so, and removes every remaining
/// handle before it lets go of the multi handle.
final class CurlMulti {
    private let handle: UnsafeMutableRawPointer

    init(maxTotalConnections: Int) throws(CurlError) {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_multi_init() else {
            throw CurlError.initFailed("curl_multi_init")
        }
        self.handle = handle
        if maxTotalConnections > 0 {
            // Keep as many idle connections as transfers can run, so every user reuses its own.
            _ = ub_curl_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, maxTotalConnections)
        }
    }

    deinit {
        curl_multi_cleanup(handle)
    }

    func add(_ easy: CurlEasy) throws(CurlError) {
        let code = curl_multi_add_handle(handle, easy.handle)
        guard code == CURLM_OK else { throw CurlError.multiFailed("curl_multi_add_handle", code: code) }
    }

    func remove(_ easy: CurlEasy) {
        _ = curl_multi_remove_handle(handle, easy.handle)
    }

    /// Moves every transfer as far as it can go without blocking.
    /// - Returns: the number of transfers still running.
    @discardableResult
    func perform() throws(CurlError) -> Int {
        var running: Int32 = 0
        let code = curl_multi_perform(handle, &running)
        guard code == CURLM_OK else { throw CurlError.multiFailed("curl_multi_perform", code: code) }
        return Int(running)
    }

    /// Waits until a transfer's socket is ready or `timeoutMilliseconds` passed.
    func poll(timeoutMilliseconds: Int) throws(CurlError) {
        let code = curl_multi_poll(handle, nil, 0, Int32(clamping: timeoutMilliseconds), nil)
        guard code == CURLM_OK else { throw CurlError.multiFailed("curl_multi_poll", code: code) }
    }

    /// Calls `body` with each finished transfer's easy handle and result.
    func drainFinished(_ body: (UnsafeMutableRawPointer, CURLcode) -> Void) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(handle, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            body(easy, message.pointee.data.result)
        }
    }
}

@available(*, unavailable)
extension CurlMulti: Sendable {}
