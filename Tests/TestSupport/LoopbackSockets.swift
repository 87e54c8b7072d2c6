// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Blocking sockets on 127.0.0.1 for tests that play a peer by hand.
public enum LoopbackSockets {
    /// A listening socket on 127.0.0.1 at a port the kernel picks.
    public static func listen(backlog: Int32) throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FreePorts.PortError(description: "socket() failed: errno \(errno).") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && Glibc.listen(fd, backlog) == 0
                    && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else {
            let failure = errno
            close(fd)
            throw FreePorts.PortError(description: "listen on 127.0.0.1: errno \(failure).")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A connection to `port` on 127.0.0.1, from `source` when given
    /// (any 127.x.y.z address works: Linux routes all of 127.0.0.0/8 to `lo`).
    public static func connect(_ port: Int, from source: String? = nil) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FreePorts.PortError(description: "socket() failed: errno \(errno).") }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                let failure = errno
                close(fd)
                throw FreePorts.PortError(description: "bind to \(source): errno \(failure).")
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            let failure = errno
            close(fd)
            throw FreePorts.PortError(description: "connect to 127.0.0.1:\(port): errno \(failure).")
        }
        return fd
    }
}
