// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import HTTPCore
import TestSupport
import Testing

/// A blocking loopback peer for the emulator tests: each connection reads a
/// 9-byte command (`S` + count to receive then ack, or `G` + count to send).
final class BulkPeer: @unchecked Sendable {
    // The listening socket is only read after init; each connection runs on its own thread.
    let port: Int
    private let fd: Int32

    init() throws {
        let (fd, port) = try LoopbackSockets.listen(backlog: 64)
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
