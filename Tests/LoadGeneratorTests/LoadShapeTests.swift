// SPDX-License-Identifier: Apache-2.0

import LoadGenerator
import Foundation
import Metrics
import Synchronization
import Testing

@Suite("Closed and open loops", .serialized)
struct LoadShapeTests {
    @Test("a closed loop never has more uploads in flight than users, over two driver threads")
    func closedLoopBound() throws {
        let server = try FakeServer()
        defer { server.stop() }
        let plan = makePlan(24, size: 1000, architecture: .directPut, prefix: "slow-delay50ms")
        let run = runAgainst(server, plan) {
            $0.shape = .closed(concurrency: 3)
            $0.threads = 2
        }
        #expect(run.records.count == 24)
        #expect(run.records.allSatisfy { $0.status == .ok })
        #expect(server.peakConcurrency() <= 3)
        #expect(server.peakConcurrency() >= 2)
        #expect(run.peakTransfers <= 2)
        #expect(run.cpuNanoseconds > 0)
    }

    @Test("driver threads are named and registered for CPU accounting")
    func threadsRegistered() throws {
        let server = try FakeServer()
        defer { server.stop() }
        let cpu = ComponentCPU()
        var configuration = LoadGeneratorConfiguration(directBaseURL: server.baseURL, threads: 2, cpuComponent: "client")
        configuration.shape = .closed(concurrency: 2)
        let names = Mutex<Set<String>>([])
        let run = LoadGenerator(configuration: configuration, cpu: cpu).run(
            plan: makePlan(4, size: 100, architecture: .directPut),
            onRecord: { _ in
            // Records are delivered on the driver threads.
            let name = currentThreadName()
            names.withLock { _ = $0.insert(name) }
            }
        )
        #expect(run.records.count == 4)
        #expect(names.withLock { $0 }.isSubset(of: ["loadgen-0", "loadgen-1"]))
        #expect(cpu.nanoseconds(for: "client") > 0)
    }

    @Test("an open loop starts uploads on schedule and shows queueing from the intended start")
    func openLoopQueueing() throws {
        let server = try FakeServer()
        defer { server.stop() }
        let open = OpenLoop(arrivalsPerSecond: 20, arrivals: .uniform, maxInFlight: 1, seed: 3)
        let plan = makePlan(6, size: 1000, architecture: .directPut, prefix: "q-delay150ms")
        let run = runAgainst(server, plan) { $0.shape = .open(open) }
        let schedule = open.schedule(count: 6)
        #expect(run.records.count == 6)
        for record in run.records {
            #expect(record.intendedStartNanoseconds == run.startNanoseconds + schedule[record.index])
            #expect(record.startNanoseconds >= record.intendedStartNanoseconds)
            #expect(record.latencyNanoseconds >= 150_000_000)
        }
        // Arrivals every 50 ms, service 150 ms, one at a time: the queue grows by about 100 ms per upload.
        let last = try #require(run.records.last)
        #expect(last.queueDelayNanoseconds >= 400_000_000)
        #expect(last.latencyNanoseconds >= last.queueDelayNanoseconds + 150_000_000)
        #expect(run.lateStarts >= 4)
        #expect(last.lateStart)
    }

    @Test("the last progress report adds up the records of both driver threads")
    func finalProgress() throws {
        let server = try FakeServer()
        defer { server.stop() }
        let plan = makePlan(20, size: 3000, architecture: .directPut, prefix: "ok")
            + makePlan(6, size: 100, architecture: .directPut, prefix: "nosuchbucket", firstIndex: 20)
        let reports = Mutex<[LoadProgress]>([])
        let configuration = LoadGeneratorConfiguration(
            directBaseURL: server.baseURL, shape: .closed(concurrency: 4), threads: 2, hardTimeLimit: .seconds(60)
        )
        let run = LoadGenerator(configuration: configuration).run(plan: plan, progress: { progress in
            reports.withLock { $0.append(progress) }
        })
        let last = try #require(reports.withLock { $0.last })
        #expect(run.records.count == 26)
        #expect(last.uploadsDone == 26)
        #expect(last.uploadsFailed == 6)
        #expect(last.uploadsFailed == run.records.count { $0.status != .ok })
        #expect(last.uploadsInFlight == 0)
        #expect(last.bytesSent == run.records.reduce(0) { $0 + $1.bytesSent })
        #expect(run.peakTransfers >= 1 && run.peakTransfers <= 2)
    }

    @Test("uploads due after the duration limit are not started and are counted")
    func durationLimit() throws {
        let server = try FakeServer()
        defer { server.stop() }
        let open = OpenLoop(arrivalsPerSecond: 10, arrivals: .uniform, maxInFlight: 4)
        let run = runAgainst(server, makePlan(50, size: 100, architecture: .directPut)) {
            $0.shape = .open(open)
            $0.maxDuration = .milliseconds(350)
        }
        #expect(run.records.count == 4)
        #expect(run.notStarted == 46)
    }

    @Test("open-loop arrivals that find max_in_flight uploads running are counted apart from those never due")
    func arrivalsThatOutranTheSystem() throws {
        let server = try FakeServer()
        defer { server.stop() }
        // An arrival every 50 ms for 475 ms (10 due), one upload at a time, each taking 300 ms:
        // at most two can start before the deadline.
        let open = OpenLoop(arrivalsPerSecond: 20, arrivals: .uniform, maxInFlight: 1)
        let run = runAgainst(server, makePlan(50, size: 100, architecture: .directPut, prefix: "slow-delay300ms")) {
            $0.shape = .open(open)
            $0.maxDuration = .milliseconds(475)
        }
        #expect(run.records.count >= 1 && run.records.count <= 2)
        #expect(run.records.count + run.dueNotStarted == 10)
        #expect(run.notStarted == 50 - run.records.count)
    }

    @Test("a closed loop and an open loop that keeps up leave no arrival behind")
    func noArrivalsBehind() throws {
        let server = try FakeServer()
        defer { server.stop() }
        let open = OpenLoop(arrivalsPerSecond: 10, arrivals: .uniform, maxInFlight: 4)
        let run = runAgainst(server, makePlan(50, size: 100, architecture: .directPut)) {
            $0.shape = .open(open)
            $0.maxDuration = .milliseconds(350)
        }
        #expect(run.dueNotStarted == 0)
        let closed = runAgainst(server, makePlan(4, size: 100, architecture: .directPut)) { _ in }
        #expect(closed.dueNotStarted == 0)
    }

    @Test("the hard time limit aborts transfers still running and records them as failed")
    func hardLimit() throws {
        let server = try FakeServer()
        defer { server.stop() }
        let run = runAgainst(server, makePlan(2, size: 100, architecture: .directPut, prefix: "stuck-delay3000ms")) {
            $0.hardTimeLimit = .milliseconds(300)
        }
        #expect(run.records.count == 2)
        #expect(run.records.allSatisfy { $0.status == .failed && $0.errorCode == "deadline_exceeded" })
        #expect(run.durationNanoseconds < 3_000_000_000)
    }
}

/// The calling thread's name, read with plain syscalls so no other thread is involved.
private func currentThreadName() -> String {
    let fd = open("/proc/thread-self/comm", O_RDONLY)
    guard fd >= 0 else { return "" }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 32)
    let count = read(fd, &buffer, buffer.count)
    return String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).trimmingCharacters(in: .newlines)
}
