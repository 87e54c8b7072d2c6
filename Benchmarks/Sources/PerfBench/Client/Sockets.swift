// SPDX-License-Identifier: Apache-2.0

import Glibc

/// Small socket helpers for the benchmark's own raw clients.
enum Sockets {
    /// A TCP connection to 127.0.0.1:`port` (blocking connect), TCP_NODELAY on,
    /// then non-blocking if asked.
    static func connect(port: Int, nonBlocking: Bool) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket() failed: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw BenchError("connect to 127.0.0.1:\(port) failed: \(String(cString: strerror(code)))")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if nonBlocking { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        return fd
    }

    /// A port nothing listens on right now (bound to port 0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else { throw BenchError("cannot find a free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits until something accepts connections on `port`.
    static func waitForListener(port: Int, timeout: Double) -> Bool {
        let deadline = Clock.now + timeout
        while Clock.now < deadline {
            if let fd = try? connect(port: port, nonBlocking: false) {
                close(fd)
                return true
            }
            usleep(20_000)
        }
        return false
    }
}

/// CLOCK_MONOTONIC in seconds and nanoseconds.
enum Clock {
    static var nanoseconds: UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    static var now: Double { Double(nanoseconds) / 1e9 }

    /// Sleeps until the monotonic time `deadline` (seconds).
    static func sleep(until deadline: Double) {
        let remaining = deadline - now
        if remaining > 0 { usleep(UInt32(min(remaining, 4000) * 1e6)) }
    }
}
