// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
internal import CPerfShim

/// The same client for every server in the sink and relay suites: raw
/// non-blocking sockets on epoll, one loop per thread, bodies written from one
/// shared buffer (no per-request copies), responses parsed only as far as the
/// status and `Content-Length`.
///
/// A request counts as done once its whole body is written and its whole
/// response read, in either order: nginx's `return 200` answers before it has
/// read the body, the mock S3 after.
enum PutClient {
    /// Runs `load` on `load.threads` threads and merges their results.
    /// - Parameter atWindowEdge: for a timed load, called on another thread when the
    ///   measured window opens (`false`) and closes (`true`), to sample the servers.
    static func run(_ load: PutLoad, atWindowEdge: (@Sendable (Bool) -> Void)? = nil) -> PutResult {
        let start = Clock.now
        let results = ResultBox()
        let group = DispatchGroup()
        if case .timed(let warmup, let measure) = load.stop, let atWindowEdge {
            group.enter()
            Thread {
                Clock.sleep(until: start + warmup)
                atWindowEdge(false)
                Clock.sleep(until: start + warmup + measure)
                atWindowEdge(true)
                group.leave()
            }.start()
        }
        for thread in 0..<load.threads {
            let indices = Array(stride(from: thread, to: load.connections, by: load.threads))
            group.enter()
            let worker = Thread {
                let cpuStart = threadCPUSeconds()
                var worker = PutWorker(load: load, indices: indices, start: start)
                var result = worker.run()
                result.clientCPUSeconds = threadCPUSeconds() - cpuStart
                results.append(result)
                group.leave()
            }
            worker.stackSize = 1 << 20
            worker.start()
        }
        group.wait()
        return results.merged(seconds: measuredSeconds(load.stop, elapsed: Clock.now - start))
    }

    private static func measuredSeconds(_ stop: PutLoad.Stop, elapsed: Double) -> Double {
        switch stop {
        case .timed(_, let measure): measure
        case .count: elapsed
        }
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Collects the threads' results.
private final class ResultBox: @unchecked Sendable {
    // Guarded by `lock`; each worker appends once.
    private let lock = NSLock()
    private var results: [PutResult] = []

    func append(_ result: PutResult) {
        lock.lock()
        results.append(result)
        lock.unlock()
    }

    func merged(seconds: Double) -> PutResult {
        lock.lock()
        defer { lock.unlock() }
        var merged = PutResult(
            seconds: seconds, requests: 0, bodyBytesSent: 0, errors: 0, firstError: nil,
            latencies: [], clientCPUSeconds: 0
        )
        for result in results {
            merged.requests += result.requests
            merged.bodyBytesSent += result.bodyBytesSent
            merged.errors += result.errors
            merged.firstError = merged.firstError ?? result.firstError
            merged.latencies += result.latencies
            merged.clientCPUSeconds += result.clientCPUSeconds
        }
        merged.latencies.sort()
        return merged
    }
}

/// One request in progress on one connection.
private struct PutConnection {
    let index: Int
    var fd: Int32 = -1
    /// Head, and for small bodies the body too, sent in one call.
    var prefix: [UInt8]
    var total: Int
    var sent = 0
    var wantsWritable = false
    var responseHead: [UInt8] = []
    var responseBodyLeft = -1
    var responseDone = false
    var closeAfter = false
    var startNanoseconds: UInt64 = 0
    var completed = 0
}

/// The loop of one client thread.
private struct PutWorker {
    static let bodyChunk = 1 << 20
    /// Bodies up to this size are appended to the head and written with it.
    static let inlineBody = 64 * 1024
    static let body: [UInt8] = (0..<bodyChunk).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }

    let load: PutLoad
    let start: Double
    let epoll: Int32
    var connections: [PutConnection]
    var result = PutResult(
        seconds: 0, requests: 0, bodyBytesSent: 0, errors: 0, firstError: nil, latencies: [], clientCPUSeconds: 0
    )
    var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    let windowStart: UInt64
    let windowEnd: UInt64

    init(load: PutLoad, indices: [Int], start: Double) {
        self.load = load
        self.start = start
        epoll = pb_epoll_create()
        let startNanoseconds = UInt64(start * 1e9)
        switch load.stop {
        case .timed(let warmup, let measure):
            windowStart = startNanoseconds + UInt64(warmup * 1e9)
            windowEnd = windowStart + UInt64(measure * 1e9)
        case .count(_, let timeout):
            windowStart = startNanoseconds
            windowEnd = startNanoseconds + UInt64(timeout * 1e9)
        }
        connections = indices.map { index in
            var prefix = load.head(index)
            if load.bodySize <= Self.inlineBody { prefix += Self.body.prefix(load.bodySize) }
            return PutConnection(index: index, prefix: prefix, total: load.head(index).count + load.bodySize)
        }
        result.latencies.reserveCapacity(1 << 16)
    }

    mutating func run() -> PutResult {
        for slot in connections.indices { open(slot) }
        var events = [UInt32](repeating: 0, count: 256)
        var data = [UInt64](repeating: 0, count: 256)
        while Clock.nanoseconds < windowEnd, connections.contains(where: { $0.fd >= 0 }) {
            let count = pb_epoll_wait(epoll, &events, &data, 256, 50)
            for event in 0..<max(0, Int(count)) {
                let slot = Int(data[event])
                guard connections[slot].fd >= 0 else { continue }
                if events[event] & (EPOLLIN.rawValue | EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
                    readResponse(slot)
                }
                if connections[slot].fd >= 0, events[event] & EPOLLOUT.rawValue != 0 { writeBody(slot) }
            }
        }
        for slot in connections.indices where connections[slot].fd >= 0 { closeConnection(slot) }
        close(epoll)
        return result
    }

    private mutating func open(_ slot: Int) {
        if case .count(let perConnection, _) = load.stop, connections[slot].completed >= perConnection { return }
        do {
            let fd = try Sockets.connect(port: load.port, nonBlocking: true)
            connections[slot].fd = fd
            _ = pb_epoll_ctl(epoll, EPOLL_CTL_ADD, fd, EPOLLIN.rawValue, UInt64(slot))
            startRequest(slot)
        } catch {
            fail(slot, "\(error)")
        }
    }

    private mutating func startRequest(_ slot: Int) {
        connections[slot].sent = 0
        connections[slot].responseHead.removeAll(keepingCapacity: true)
        connections[slot].responseBodyLeft = -1
        connections[slot].responseDone = false
        connections[slot].startNanoseconds = Clock.nanoseconds
        writeBody(slot)
    }

    private mutating func writeBody(_ slot: Int) {
        let fd = connections[slot].fd
        let prefixCount = connections[slot].prefix.count
        let total = connections[slot].total
        while connections[slot].sent < total {
            let sent = connections[slot].sent
            let written: Int
            if sent < prefixCount {
                written = connections[slot].prefix.withUnsafeBytes {
                    send(fd, $0.baseAddress! + sent, prefixCount - sent, Int32(MSG_NOSIGNAL))
                }
            } else {
                let length = min(total - sent, Self.bodyChunk)
                written = Self.body.withUnsafeBytes { send(fd, $0.baseAddress!, length, Int32(MSG_NOSIGNAL)) }
            }
            if written < 0 {
                if errno == EAGAIN { return setWritable(slot, true) }
                // The server may have answered (an error) and closed: read what it said first.
                return readResponse(slot, afterWriteError: String(cString: strerror(errno)))
            }
            countSent(slot, from: sent, count: written)
            connections[slot].sent += written
        }
        setWritable(slot, false)
        if connections[slot].responseDone { finishRequest(slot) }
    }

    private mutating func countSent(_ slot: Int, from sent: Int, count: Int) {
        let bodyStart = connections[slot].total - load.bodySize
        let bodyBytes = min(sent + count, connections[slot].total) - max(sent, bodyStart)
        guard bodyBytes > 0 else { return }
        let now = Clock.nanoseconds
        if now >= windowStart && now < windowEnd { result.bodyBytesSent += bodyBytes }
    }

    private mutating func setWritable(_ slot: Int, _ writable: Bool) {
        guard connections[slot].wantsWritable != writable else { return }
        connections[slot].wantsWritable = writable
        let events = EPOLLIN.rawValue | (writable ? EPOLLOUT.rawValue : 0)
        _ = pb_epoll_ctl(epoll, EPOLL_CTL_MOD, connections[slot].fd, events, UInt64(slot))
    }

    private mutating func readResponse(_ slot: Int, afterWriteError: String? = nil) {
        let fd = connections[slot].fd
        while true {
            let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) {
                let reason = afterWriteError ?? (count == 0 ? "server closed the connection" : String(cString: strerror(errno)))
                return fail(slot, reason)
            }
            if count < 0 {
                if let afterWriteError { fail(slot, afterWriteError) }
                return
            }
            guard consume(slot, count) else { return }
            if connections[slot].responseDone {
                if connections[slot].sent == connections[slot].total { finishRequest(slot) }
                return
            }
        }
    }

    /// Feeds `count` scratch bytes to the response parser; false when the connection failed.
    private mutating func consume(_ slot: Int, _ count: Int) -> Bool {
        var offset = 0
        if connections[slot].responseBodyLeft < 0 {
            connections[slot].responseHead += scratch[0..<count]
            guard let end = headEnd(connections[slot].responseHead) else { return true }
            guard parseHead(slot, length: end) else { return false }
            offset = count - (connections[slot].responseHead.count - end)
        }
        let left = connections[slot].responseBodyLeft
        let body = min(left, count - offset)
        connections[slot].responseBodyLeft -= body
        if count - offset > body {
            fail(slot, "unexpected bytes after the response")
            return false
        }
        if connections[slot].responseBodyLeft == 0 { connections[slot].responseDone = true }
        return true
    }

    private func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 3..<bytes.count
        where bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 {
            return index + 1
        }
        return nil
    }

    private mutating func parseHead(_ slot: Int, length: Int) -> Bool {
        let text = String(decoding: connections[slot].responseHead[0..<length], as: UTF8.self).lowercased()
        let lines = text.split(separator: "\r\n")
        let status = lines.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
        var bodyLength = 0
        var close = false
        for line in lines.dropFirst() {
            if line.hasPrefix("content-length:") {
                bodyLength = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
            } else if line.hasPrefix("transfer-encoding:") {
                fail(slot, "chunked responses are not supported by the benchmark client")
                return false
            } else if line.hasPrefix("connection:") && line.contains("close") {
                close = true
            }
        }
        if status == 100 {
            connections[slot].responseHead.removeFirst(length)
            if let end = headEnd(connections[slot].responseHead) { return parseHead(slot, length: end) }
            return true
        }
        guard (200..<300).contains(status) else {
            let firstLine = lines.first.map(String.init) ?? ""
            fail(slot, "status \(status) (\(firstLine))")
            return false
        }
        connections[slot].closeAfter = close
        connections[slot].responseBodyLeft = bodyLength
        return true
    }

    private mutating func finishRequest(_ slot: Int) {
        let now = Clock.nanoseconds
        connections[slot].completed += 1
        if now >= windowStart && now < windowEnd {
            result.requests += 1
            result.latencies.append(now - connections[slot].startNanoseconds)
        }
        if case .count(let perConnection, _) = load.stop, connections[slot].completed >= perConnection {
            return closeConnection(slot)
        }
        if connections[slot].closeAfter {
            closeConnection(slot)
            return open(slot)
        }
        startRequest(slot)
    }

    private mutating func fail(_ slot: Int, _ reason: String) {
        result.errors += 1
        if result.firstError == nil { result.firstError = reason }
        if connections[slot].fd >= 0 { closeConnection(slot) }
        // Reconnect while the run lasts, after a pause so a refusing server is not spun on.
        if Clock.nanoseconds < windowEnd, result.errors < 10_000 {
            usleep(1000)
            connections[slot].completed += 1
            open(slot)
        }
    }

    private mutating func closeConnection(_ slot: Int) {
        close(connections[slot].fd)
        connections[slot].fd = -1
        connections[slot].wantsWritable = false
    }
}
