// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import HTTPCore
import Testing

/// A blocking loopback peer for the emulator tests: each connection reads a
/// 9-byte command (`S` + count to receive then ack, or `G` + count to send).
final class BulkPeer: @unchecked Sendable {
    // The listening socket is only read after init; each connection runs on its own thread.
    let port: Int
    private let fd: Int32

    init() throws {
        let (fd, port) = try listenLoopback(backlog: 64)
        self.fd = fd
        self.port = port
        let listener = fd
        Thread.detachNewThread {
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                Thread.detachNewThread { BulkPeer.serve(connection) }
            }
        }
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private static func serve(_ connection: Int32) {
        defer { close(connection) }
        while let command = receiveExactly(connection, 9) {
            let count = command[1...].reduce(0) { $0 << 8 | Int($1) }
            if command[0] == UInt8(ascii: "S") {
                guard drain(connection, count) else { return }
                _ = sendAll(connection, [UInt8(ascii: "K")])
            } else {
                _ = sendAll(connection, [UInt8](repeating: 7, count: count))
            }
        }
    }
}

func command(_ kind: Character, _ count: Int) -> [UInt8] {
    [UInt8(ascii: kind.unicodeScalars.first!)] + (0..<8).reversed().map { UInt8(truncatingIfNeeded: count >> ($0 * 8)) }
}

func receiveExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
    var buffer = [UInt8](repeating: 0, count: count)
    var offset = 0
    while offset < count {
        let received = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + offset, count - offset, 0) }
        guard received > 0 else { return nil }
        offset += received
    }
    return buffer
}

func drain(_ fd: Int32, _ count: Int) -> Bool {
    var buffer = [UInt8](repeating: 0, count: 65536)
    var remaining = count
    while remaining > 0 {
        let received = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, min(remaining, 65536), 0) }
        guard received > 0 else { return false }
        remaining -= received
    }
    return true
}

func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
        guard sent > 0 else { return false }
        offset += sent
    }
    return true
}

/// A blocking listening socket on 127.0.0.1 at a port the kernel picks.
func listenLoopback(backlog: Int32) throws -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    try #require(fd >= 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    try #require(bound == 0 && listen(fd, backlog) == 0, "listen on 127.0.0.1: errno \(errno)")
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// A blocking connection to `port` on 127.0.0.1, from `source` when given
/// (any 127.x.y.z address works: Linux routes all of 127.0.0.0/8 to `lo`).
func connectLoopback(_ port: Int, from source: String? = nil) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    if let source {
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0, "bind to \(source): errno \(errno)")
    }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let status = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    try #require(status == 0)
    return fd
}

/// Seconds taken by `work`.
func seconds(_ work: () throws -> Void) rethrows -> Double {
    let start = MonotonicClock.nanoseconds
    try work()
    return Double(MonotonicClock.nanoseconds - start) / 1e9
}

/// Runs a timed measurement up to three times, stopping at the first run that
/// `passes`. The two cores are shared with the rest of the suite, so one
/// starved thread can make a single run slow; a link that paces wrongly fails
/// every run.
/// - Returns: every run's result, and whether the last one passed.
func measureUpToThreeTimes<Value>(
    _ measure: () throws -> Value, until passes: (Value) -> Bool
) rethrows -> (runs: [Value], passed: Bool) {
    var runs: [Value] = []
    while runs.count < 3 {
        let value = try measure()
        runs.append(value)
        if passes(value) { return (runs, true) }
    }
    return (runs, false)
}
