// SPDX-License-Identifier: Apache-2.0

internal import CCurl
internal import CSystem
import Foundation
import Glibc
@testable import LoadGenerator
import Testing

@Suite("The epoll set behind libcurl's socket callback", .serialized)
struct SocketEventsTests {
    /// The descriptors the kernel holds in an epoll set, from /proc/self/fdinfo.
    private func kernelSet(_ epollFD: Int32) throws -> Set<Int32> {
        let text = try String(contentsOfFile: "/proc/self/fdinfo/\(epollFD)", encoding: .utf8)
        return Set(text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("tfd:") else { return nil }
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int32($0) }
        })
    }

    /// The descriptors epoll reports ready now.
    private func ready(_ epollFD: Int32) -> [Int32] {
        var events = [UInt32](repeating: 0, count: 8)
        var data = [UInt64](repeating: 0, count: 8)
        let count = ub_epoll_wait(epollFD, &events, &data, 8, 0)
        return (0..<max(0, Int(count))).map { Int32(truncatingIfNeeded: data[$0]) }
    }

    @Test("a socket libcurl stops watching stays in the set until it turns ready or is closed")
    func lazyRemoval() throws {
        let events = try CurlSocketEvents()
        var pair: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        let (socket, peer) = (pair[0], pair[1])
        defer { close(peer) }

        events.watch(socket, what: CURL_POLL_IN)
        #expect(try kernelSet(events.epollFD) == [socket])
        // A request ended: the pooled connection stays in the set, and the next request's
        // watch needs no change.
        events.watch(socket, what: CURL_POLL_REMOVE)
        #expect(try kernelSet(events.epollFD) == [socket])
        #expect(ready(events.epollFD).isEmpty)
        events.watch(socket, what: CURL_POLL_IN)
        #expect(events.isWatched(socket))

        // The peer writes while nobody watches: the socket is reported once and leaves the set.
        events.watch(socket, what: CURL_POLL_REMOVE)
        #expect(write(peer, "x", 1) == 1)
        #expect(ready(events.epollFD) == [socket])
        #expect(!events.isWatched(socket))
        #expect(try kernelSet(events.epollFD).isEmpty)
        #expect(ready(events.epollFD).isEmpty)

        // Watched again, for writing this time; then libcurl closes it through the callback.
        events.watch(socket, what: CURL_POLL_OUT)
        #expect(try kernelSet(events.epollFD) == [socket])
        #expect(ready(events.epollFD) == [socket])
        #expect(events.isWatched(socket))
        #expect(events.close(socket) == 0)
        #expect(try kernelSet(events.epollFD).isEmpty)
        #expect(fcntl(socket, F_GETFD) == -1)
    }

    @Test("a timer for now needs no clock; a later one is due that much later")
    func timers() throws {
        let events = try CurlSocketEvents()
        events.setTimer(milliseconds: 0)
        #expect(events.timerDue == 0)
        let before = MonotonicNanoseconds.now
        events.setTimer(milliseconds: 250)
        let due = try #require(events.timerDue)
        #expect(due >= before + 250_000_000)
        #expect(due <= MonotonicNanoseconds.now + 250_000_000)
        events.setTimer(milliseconds: -1)
        #expect(events.timerDue == nil)
    }

    @Test("a pooled connection the server closed is dropped, and the next upload opens a new one")
    func serverClosesPooledConnection() throws {
        let server = try FakeServer()
        defer { server.stop() }
        // One upload every 100 ms: each connection sits in the pool while the server closes it.
        let open = OpenLoop(arrivalsPerSecond: 10, arrivals: .uniform, maxInFlight: 1, seed: 1)
        let plan = makePlan(4, size: 1000, architecture: .directPut, prefix: "dropidle")
        let run = runAgainst(server, plan) { $0.shape = .open(open) }
        #expect(run.records.count == 4)
        for record in run.records {
            #expect(record.status == .ok, "\(record.errorCode ?? "")")
            #expect(record.verified)
            #expect(record.hops.count == 1)
            #expect(record.hops.first?.newConnection == true)
        }
        #expect(server.stored().count == 4)
    }
}
