// SPDX-License-Identifier: Apache-2.0

internal import CCurl

/// An owning wrapper around a libcurl multi handle.
///
/// Easy handles added here must be removed before they are reused or freed;
/// the driver that owns this object does so, and removes every remaining
/// handle before it lets go of the multi handle.
final class CurlMulti {
    private let handle: UnsafeMutableRawPointer
    /// Held here so it outlives `curl_multi_cleanup`, which may still call the socket callback.
    let events: CurlSocketEvents

    init(maxTotalConnections: Int) throws(CurlError) {
        CurlGlobal.ensureInitialized()
        events = try CurlSocketEvents()
        guard let handle = curl_multi_init() else {
            throw CurlError.initFailed("curl_multi_init")
        }
        self.handle = handle
        if maxTotalConnections > 0 {
            // Keep as many idle connections as transfers can run, so every user reuses its own.
            _ = ub_curl_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, maxTotalConnections)
        }
        let context = Unmanaged.passUnretained(events).toOpaque()
        _ = ub_curl_multi_setopt_socket_callback(handle, CURLMOPT_SOCKETFUNCTION) { _, fd, what, context, _ in
            Unmanaged<CurlSocketEvents>.fromOpaque(context!).takeUnretainedValue().watch(fd, what: what)
            return 0
        }
        _ = ub_curl_multi_setopt_pointer(handle, CURLMOPT_SOCKETDATA, context)
        _ = ub_curl_multi_setopt_timer_callback(handle, CURLMOPT_TIMERFUNCTION) { _, milliseconds, context in
            Unmanaged<CurlSocketEvents>.fromOpaque(context!).takeUnretainedValue().setTimer(milliseconds: milliseconds)
            return 0
        }
        _ = ub_curl_multi_setopt_pointer(handle, CURLMOPT_TIMERDATA, context)
    }

    /// Lets libcurl act on `fd` (`mask`: `CURL_CSELECT_*`), or on its timer with `CURL_SOCKET_TIMEOUT`.
    func socketAction(_ fd: Int32, mask: Int32) throws(CurlError) {
        var running: Int32 = 0
        let code = curl_multi_socket_action(handle, fd, mask, &running)
        guard code == CURLM_OK else { throw CurlError.multiFailed("curl_multi_socket_action", code: code) }
    }

    /// Runs libcurl's timeout handling (connects, new transfers, rate limits, timeouts).
    func timeoutAction() throws(CurlError) {
        try socketAction(CURL_SOCKET_TIMEOUT, mask: 0)
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
