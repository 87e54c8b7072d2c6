// SPDX-License-Identifier: Apache-2.0

internal import CSystem
import Glibc

/// Thin wrappers over the socket calls the server and client share.
enum Socket {
    /// Resolves a numeric host (or `localhost`) and port to a socket address.
    static func address(host: String, port: Int) throws -> (sockaddr_storage, socklen_t) {
        // An out-of-range port from a configuration is an error, not a trap that takes the server down.
        guard let port = UInt16(exactly: port) else {
            throw SystemError(operation: "port \(port) of \(host)", errno: EINVAL)
        }
        let name = host == "localhost" ? "127.0.0.1" : host.trimmingBrackets
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(port.bigEndian)
            address.sin_addr = v4
            return storage(of: address)
        }
        if inet_pton(AF_INET6, name, &v6) == 1 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(port.bigEndian)
            address.sin6_addr = v6
            return storage(of: address)
        }
        throw SystemError(operation: "inet_pton(\(host))", errno: EINVAL)
    }

    private static func storage<Address>(of address: Address) -> (sockaddr_storage, socklen_t) {
        var storage = sockaddr_storage()
        withUnsafeBytes(of: address) { raw in
            withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) }
        }
        return (storage, socklen_t(MemoryLayout<Address>.size))
    }

    /// A non-blocking listening socket with `SO_REUSEPORT`, bound to `host:port`.
    static func listen(host: String, port: Int, backlog: Int32 = 1024) throws -> Int32 {
        let fd = try bound(host: host, port: port, reusePort: true)
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = SystemError.last("listen")
            close(fd)
            throw error
        }
        return fd
    }

    /// Fails if anything already listens on `host:port`. With `SO_REUSEPORT`
    /// another process of the same user could otherwise share the port
    /// silently and take part of the connections.
    static func checkPortFree(host: String, port: Int) throws {
        close(try bound(host: host, port: port, reusePort: false))
    }

    private static func bound(host: String, port: Int, reusePort: Bool) throws -> Int32 {
        var (address, length) = try self.address(host: host, port: port)
        let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(Int32(address.ss_family), flags, 0)
        guard fd >= 0 else { throw SystemError.last("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if reusePort {
            setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard status == 0 else {
            let error = SystemError.last("bind(\(host):\(port))")
            close(fd)
            throw error
        }
        return fd
    }

    /// The port a socket is bound to.
    static func localPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return port(of: storage)
    }

    static func port(of storage: sockaddr_storage) -> Int {
        let family = storage.ss_family
        return withUnsafeBytes(of: storage) { raw in
            if family == sa_family_t(AF_INET6) {
                return Int(UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port))
            }
            return Int(UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port))
        }
    }

    /// `host:port` for a peer address (`[v6]:port` for IPv6).
    static func describe(_ storage: sockaddr_storage) -> String {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = Int32(storage.ss_family)
        let host: String = withUnsafeBytes(of: &storage) { raw in
            if family == AF_INET6 {
                var address = raw.load(as: sockaddr_in6.self).sin6_addr
                inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
                return "[" + Self.string(text) + "]"
            }
            var address = raw.load(as: sockaddr_in.self).sin_addr
            inet_ntop(AF_INET, &address, &text, socklen_t(text.count))
            return Self.string(text)
        }
        return "\(host):\(port(of: storage))"
    }

    private static func string(_ text: [CChar]) -> String {
        String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Disables Nagle: responses and relayed chunks are written whole, and
    /// waiting for an ACK before a small final write would add 40 ms.
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sends `first` then `second` with one sendmsg (no SIGPIPE).
    /// - Returns: bytes sent, or -1 with errno set.
    static func send(_ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> Int {
        var vectors = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress), iov_len: first.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count)
        )
        return withUnsafeMutableBytes(of: &vectors) { raw in
            var message = msghdr()
            let base = raw.baseAddress!.assumingMemoryBound(to: iovec.self)
            message.msg_iov = first.count == 0 ? base + 1 : base
            message.msg_iovlen = first.count == 0 ? 1 : 2
            return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
        }
    }

    /// Sends `bytes` (no SIGPIPE). - Returns: bytes sent, or -1 with errno set.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
    }
}

extension String {
    fileprivate var trimmingBrackets: String {
        hasPrefix("[") && hasSuffix("]") ? String(dropFirst().dropLast()) : self
    }
}
