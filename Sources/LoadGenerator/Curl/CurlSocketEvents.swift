// SPDX-License-Identifier: Apache-2.0

internal import CCurl
internal import CSystem
import Glibc

/// The epoll set and timer libcurl's socket interface asks for.
///
/// libcurl tells this object which sockets to watch (socket callback) and
/// when to call it back without socket activity (timer callback); the driver
/// waits on the epoll descriptor and hands each ready socket to
/// `curl_multi_socket_action`, so only transfers with activity are touched
/// (`curl_multi_perform` would poll every transfer's socket on each call).
final class CurlSocketEvents {
    let epollFD: Int32
    private var watched: [Int32: UInt32] = [:]
    /// When libcurl wants `CURL_SOCKET_TIMEOUT` handled; nil for no timer.
    var timerDue: UInt64?

    init() throws(CurlError) {
        epollFD = ub_epoll_create()
        guard epollFD >= 0 else { throw CurlError.initFailed("epoll_create1") }
    }

    deinit {
        close(epollFD)
    }

    /// libcurl's socket callback: start, change or stop watching `fd`.
    func watch(_ fd: Int32, what: Int32) {
        let events: UInt32
        switch what {
        case CURL_POLL_IN: events = UB_EPOLLIN
        case CURL_POLL_OUT: events = UB_EPOLLOUT
        case CURL_POLL_INOUT: events = UB_EPOLLIN | UB_EPOLLOUT
        default:
            if watched.removeValue(forKey: fd) != nil {
                _ = ub_epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, 0, 0)
            }
            return
        }
        let operation = watched[fd] == nil ? EPOLL_CTL_ADD : EPOLL_CTL_MOD
        watched[fd] = events
        _ = ub_epoll_ctl(epollFD, operation, fd, events, UInt64(UInt32(bitPattern: fd)))
    }

    /// libcurl's timer callback: -1 removes the timer.
    func setTimer(milliseconds: Int) {
        timerDue = milliseconds < 0 ? nil : MonotonicNanoseconds.now + UInt64(milliseconds) * 1_000_000
    }

    /// The `CURL_CSELECT_*` mask for epoll event bits.
    static func selectMask(_ events: UInt32) -> Int32 {
        var mask: Int32 = 0
        if events & UB_EPOLLIN != 0 { mask |= CURL_CSELECT_IN }
        if events & UB_EPOLLOUT != 0 { mask |= CURL_CSELECT_OUT }
        if events & (UB_EPOLLERR | UB_EPOLLHUP) != 0 { mask |= CURL_CSELECT_ERR }
        return mask
    }
}

@available(*, unavailable)
extension CurlSocketEvents: Sendable {}
