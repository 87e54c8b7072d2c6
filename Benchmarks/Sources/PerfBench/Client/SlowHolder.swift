// SPDX-License-Identifier: Apache-2.0

import Glibc

/// Slow uploads held open: each connection sends a PUT head with a large
/// `Content-Length` and one body byte, then one more byte per `trickle()`.
final class SlowHolder {
    private(set) var sockets: [Int32] = []
    /// Connections that failed to open or were closed by the server.
    private(set) var failures = 0

    /// Opens `count` connections to `port`; heads come from `head(index)`.
    init(port: Int, count: Int, head: (Int) -> [UInt8]) {
        sockets.reserveCapacity(count)
        for index in 0..<count {
            guard let fd = try? Sockets.connect(port: port, nonBlocking: false) else {
                failures += 1
                continue
            }
            let bytes = head(index) + [0x61]
            let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent == bytes.count else {
                close(fd)
                failures += 1
                continue
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            sockets.append(fd)
        }
    }

    deinit { closeAll() }

    /// Sends one more body byte on every connection; counts those the server closed.
    func trickle() {
        var byte: UInt8 = 0x62
        var open: [Int32] = []
        open.reserveCapacity(sockets.count)
        for fd in sockets {
            if send(fd, &byte, 1, Int32(MSG_NOSIGNAL)) < 0 && errno != EAGAIN {
                close(fd)
                failures += 1
            } else {
                open.append(fd)
            }
        }
        sockets = open
    }

    func closeAll() {
        sockets.forEach { close($0) }
        sockets = []
    }
}
