// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Loopback TCP ports that are free right now.
public enum FreePorts {
    /// `count` distinct ports the kernel hands out for port 0 on 127.0.0.1.
    ///
    /// The sockets are closed before returning, so another process could take a port
    /// in between; for servers this harness starts itself, prefer binding port 0 directly.
    public static func loopback(_ count: Int) throws -> [Int] {
        var sockets = [Int32]()
        defer { sockets.forEach { _ = close($0) } }
        var ports = [Int]()
        while ports.count < count {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw PortError(description: "socket() failed: errno \(errno).") }
            sockets.append(descriptor)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
                }
            }
            guard bound else { throw PortError(description: "bind() to 127.0.0.1:0 failed: errno \(errno).") }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }

    /// Why no port could be found.
    public struct PortError: Error, CustomStringConvertible {
        /// A sentence.
        public var description: String
    }
}
