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
///
/// A socket libcurl stops watching stays in the epoll set: libcurl does that
/// with every keep-alive connection when its request ends and watches it again
/// when the next request takes it from the pool, so removing and adding it
/// each time cost two `epoll_ctl` calls per request. A socket that turns ready
/// while libcurl does not watch it (the server closed the pooled connection)
/// leaves the set then; one that libcurl closes leaves it just before, through
/// libcurl's close-socket callback (`close(_:)`), so the set never holds a
/// closed descriptor whose number a new socket could take.
final class CurlSocketEvents {
    let epollFD: Int32
    /// Per descriptor: the `UB_EPOLL*` events libcurl wants watched (0: none).
    private var wanted: [UInt32] = []
    /// Per descriptor: the events the epoll set holds for it (0: not in the set).
    private var registered: [UInt32] = []
    /// When libcurl wants `CURL_SOCKET_TIMEOUT` handled (0: at once); nil for no timer.
    var timerDue: UInt64?

    init() throws(CurlError) {
        epollFD = ub_epoll_create()
        guard epollFD >= 0 else { throw CurlError.initFailed("epoll_create1") }
    }

    deinit {
        Glibc.close(epollFD)
    }

    /// libcurl's socket callback: start, change or stop watching `fd`.
    func watch(_ fd: Int32, what: Int32) {
        let events: UInt32 =
            switch what {
            case CURL_POLL_IN: UB_EPOLLIN
            case CURL_POLL_OUT: UB_EPOLLOUT
            case CURL_POLL_INOUT: UB_EPOLLIN | UB_EPOLLOUT
            default: 0
            }
        let slot = Int(fd)
        makeRoom(for: slot)
        wanted[slot] = events
        guard events != 0, events != registered[slot] else { return }
        let data = UInt64(UInt32(bitPattern: fd))
        if registered[slot] == 0 {
            if ub_epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, events, data) != 0, errno == EEXIST {
                _ = ub_epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, events, data)
            }
        } else if ub_epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, events, data) != 0, errno == ENOENT {
            _ = ub_epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, events, data)
        }
        registered[slot] = events
    }

    /// Whether libcurl watches `fd`, which epoll reported ready. A socket it does
    /// not watch leaves the epoll set here, so it does not wake the loop again.
    func isWatched(_ fd: Int32) -> Bool {
        let slot = Int(fd)
        if slot >= 0, slot < wanted.count, wanted[slot] != 0 { return true }
        forget(fd)
        return false
    }

    /// libcurl's close-socket callback: takes `fd` out of the epoll set, then closes it.
    func close(_ fd: Int32) -> Int32 {
        forget(fd)
        return Glibc.close(fd)
    }

    private func forget(_ fd: Int32) {
        let slot = Int(fd)
        guard slot >= 0, slot < registered.count else {
            _ = ub_epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, 0, 0)
            return
        }
        if registered[slot] != 0 {
            _ = ub_epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, 0, 0)
        }
        registered[slot] = 0
        wanted[slot] = 0
    }

    private func makeRoom(for slot: Int) {
        guard slot >= wanted.count else { return }
        let count = max(slot + 1, wanted.count * 2, 64)
        wanted.append(contentsOf: repeatElement(0, count: count - wanted.count))
        registered.append(contentsOf: repeatElement(0, count: count - registered.count))
    }

    /// libcurl's timer callback: -1 removes the timer.
    func setTimer(milliseconds: Int) {
        // Most timers are "now" (a handle was added): no clock read for those.
        timerDue =
            switch milliseconds {
            case ..<0: nil
            case 0: 0
            default: MonotonicNanoseconds.now + UInt64(milliseconds) * 1_000_000
            }
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
