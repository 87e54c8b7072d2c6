// SPDX-License-Identifier: Apache-2.0

internal import CCurl
internal import CSystem

/// One driver thread's event loop: starts uploads per the load shape, runs
/// their exchanges on one libcurl multi handle, and collects their records.
///
/// Threads share nothing but `SharedRunState`: each has its own multi handle
/// (with its own connection pool), its share of the closed-loop users or of
/// the open-loop in-flight bound, and (open loop) every `threads`-th arrival.
final class ClientDriver {
    private let shared: SharedRunState
    private let environment: FlowEnvironment
    private let multi: CurlMulti
    private let onRecord: (@Sendable (UploadRecord) -> Void)?
    private let isOpenLoop: Bool
    /// Uploads this thread runs at once at most.
    private let slots: Int
    private let lateThreshold: UInt64
    private let openIndices: [Int]
    private var openNext = 0
    private var closedExhausted = false
    /// Closed loop: this thread's users not running an upload. A user is one
    /// simulated client across its uploads (numbered across threads), so it
    /// keeps its source address and its pooled connections.
    private var idleUsers: [Int]

    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    /// Transfers (each with its easy handle) not in libcurl now, reused before new ones are made.
    private var idle: [Transfer] = []
    /// Scratch for `completeFinished`, kept to spare an allocation per loop turn.
    private var finished: [(UnsafeMutableRawPointer, CURLcode)] = []
    private var delayed = DelayQueue()
    private var running = 0
    /// Progress not yet added to the shared counters. Both threads write those
    /// (atomics on the same cache lines), so they get this thread's share once
    /// per loop turn, before it waits, rather than several times per request.
    private var unpublished = UnpublishedProgress()
    private var peakTransfers = 0
    private var publishedPeak = 0
    private(set) var records: [UploadRecord] = []

    init(
        thread: Int, threads: Int, shared: SharedRunState, configuration: LoadGeneratorConfiguration,
        onRecord: (@Sendable (UploadRecord) -> Void)?
    ) throws(CurlError) {
        self.shared = shared
        self.onRecord = onRecord
        environment = FlowEnvironment(configuration: configuration)
        lateThreshold = configuration.lateStartThreshold.wholeNanoseconds
        let total: Int
        switch configuration.shape {
        case .closed(let concurrency):
            isOpenLoop = false
            total = concurrency
            openIndices = []
        case .open(let open):
            isOpenLoop = true
            total = open.maxInFlight
            openIndices = Array(stride(from: thread, to: shared.plan.count, by: threads))
        }
        slots = total / threads + (thread < total % threads ? 1 : 0)
        let firstUser = thread * (total / threads) + min(thread, total % threads)
        idleUsers = isOpenLoop ? [] : Array((firstUser..<firstUser + slots).reversed())
        multi = try CurlMulti(maxTotalConnections: max(4, slots * 4))
    }

    /// Runs until this thread's uploads are done or the hard time limit passed.
    func run() {
        var readyEvents = [UInt32](repeating: 0, count: 256)
        var readySockets = [UInt64](repeating: 0, count: 256)
        while true {
            let now = MonotonicNanoseconds.now
            if now >= shared.hardDeadline {
                abandonAll(now)
                break
            }
            startUploads(now)
            startDelayed(now)
            if running == 0, noMoreUploads(now) { break }
            do throws(CurlError) {
                if let due = multi.events.timerDue, due <= now {
                    // Cleared first: libcurl may set a new timer while it runs.
                    multi.events.timerDue = nil
                    try multi.timeoutAction()
                }
                // Follow-up requests start at once, without waiting in epoll.
                if completeFinished() { continue }
                publishProgress()
                let ready = ub_epoll_wait(
                    multi.events.epollFD, &readyEvents, &readySockets, Int32(readyEvents.count),
                    Int32(pollTimeout(now))
                )
                for index in 0..<max(0, Int(ready)) {
                    let fd = Int32(truncatingIfNeeded: readySockets[index])
                    guard multi.events.isWatched(fd) else { continue }
                    try multi.socketAction(fd, mask: CurlSocketEvents.selectMask(readyEvents[index]))
                }
                _ = completeFinished()
            } catch {
                abandonAll(now)
                break
            }
        }
        publishProgress()
        if isOpenLoop {
            shared.notStarted.wrappingAdd(openIndices.count - openNext, ordering: .relaxed)
            shared.dueNotStarted.wrappingAdd(arrivalsDueButNotStarted(), ordering: .relaxed)
        }
    }

    /// Arrivals left over that were due while uploads could still start: the
    /// load the scenario asked for and the system under test never got.
    private func arrivalsDueButNotStarted() -> Int {
        let end = min(MonotonicNanoseconds.now, shared.startDeadline)
        var count = 0
        for index in openIndices[openNext...] {
            // The schedule rises with the plan index, so the first one not yet due ends the count.
            guard shared.startNanoseconds + shared.schedule[index] < end else { break }
            count += 1
        }
        return count
    }

    private func publishProgress() {
        if unpublished.inFlight != 0 { shared.inFlight.wrappingAdd(unpublished.inFlight, ordering: .relaxed) }
        if unpublished.done != 0 { shared.uploadsDone.wrappingAdd(unpublished.done, ordering: .relaxed) }
        if unpublished.failed != 0 { shared.uploadsFailed.wrappingAdd(unpublished.failed, ordering: .relaxed) }
        if unpublished.bytesSent != 0 { shared.bytesSent.wrappingAdd(unpublished.bytesSent, ordering: .relaxed) }
        unpublished = UnpublishedProgress()
        if peakTransfers > publishedPeak {
            shared.raisePeakTransfers(peakTransfers)
            publishedPeak = peakTransfers
        }
    }

    /// Hands every transfer libcurl finished to its flow.
    /// - Returns: whether there was any.
    private func completeFinished() -> Bool {
        // Collected first: completing one may add handles and make libcurl queue more messages.
        finished.removeAll(keepingCapacity: true)
        multi.drainFinished { finished.append(($0, $1)) }
        guard !finished.isEmpty else { return false }
        let now = MonotonicNanoseconds.now
        for (handle, code) in finished { complete(handle, code, now) }
        return true
    }

    // MARK: starting uploads

    private func noMoreUploads(_ now: UInt64) -> Bool {
        if now >= shared.startDeadline { return true }
        return isOpenLoop ? openNext >= openIndices.count : closedExhausted
    }

    private func startUploads(_ now: UInt64) {
        guard now < shared.startDeadline else { return }
        if isOpenLoop {
            while openNext < openIndices.count, running < slots {
                let index = openIndices[openNext]
                let due = shared.startNanoseconds + shared.schedule[index]
                guard due <= now else { break }
                openNext += 1
                // Each arrival is a new client.
                begin(shared.plan[index], client: index, intended: due, now: now, late: now - due > lateThreshold)
            }
        } else {
            while !closedExhausted, running < slots {
                guard let index = shared.takeNextIndex() else {
                    closedExhausted = true
                    break
                }
                begin(shared.plan[index], client: idleUsers.removeLast(), intended: now, now: now, late: false)
            }
        }
    }

    private func begin(_ upload: PlannedUpload, client: Int, intended: UInt64, now: UInt64, late: Bool) {
        let flow = makeFlow(upload, intended: intended, now: now, late: late)
        flow.client = client
        running += 1
        unpublished.inFlight += 1
        process(flow.start(), of: flow, now: now)
    }

    private func makeFlow(_ upload: PlannedUpload, intended: UInt64, now: UInt64, late: Bool) -> UploadFlow {
        let env = environment
        switch upload.architecture {
        case .proxy:
            return ProxyFlow(upload: upload, environment: env, intendedStart: intended, start: now, late: late)
        case .directPut:
            return DirectPutFlow(upload: upload, environment: env, intendedStart: intended, start: now, late: late)
        case .presignedPut(let confirm):
            return PresignedPutFlow(
                upload: upload, environment: env, confirm: confirm, intendedStart: intended, start: now, late: late)
        case .presignedPost(let confirm):
            return PresignedPostFlow(
                upload: upload, environment: env, confirm: confirm, intendedStart: intended, start: now, late: late)
        case .presignedMultipart(let options):
            return MultipartFlow(
                upload: upload, environment: env, options: options, intendedStart: intended, start: now, late: late)
        }
    }

    // MARK: exchanges

    private func process(_ step: FlowStep, of flow: UploadFlow, now: UInt64) {
        switch step {
        case .done:
            finishUpload(flow, now)
        case .send(let exchanges):
            for var exchange in exchanges {
                exchange.issuedAt = now
                let link = exchange.link == .app ? environment.configuration.clientToApp : environment.configuration.clientToS3
                let due = max(exchange.notBefore, now) + link.addedDelay.wholeNanoseconds
                flow.outstanding += 1
                if due <= now {
                    launch(exchange, of: flow, now: now)
                } else {
                    delayed.push(DelayQueue.Entry(due: due, exchange: exchange, flow: flow))
                }
            }
            // A flow that waits for nothing would never be called again.
            if flow.outstanding == 0, !flow.isFinished {
                finishUpload(flow, now, failing: "flow_stalled")
            }
        }
    }

    private func startDelayed(_ now: UInt64) {
        while let entry = delayed.popDue(now) {
            launch(entry.exchange, of: entry.flow, now: now)
        }
    }

    /// Hands an exchange (already counted in `flow.outstanding`) to libcurl.
    private func launch(_ exchange: Exchange, of flow: UploadFlow, now: UInt64) {
        do throws(CurlError) {
            let transfer: Transfer
            if let reused = idle.popLast() {
                reused.reuse(for: exchange, of: flow)
                transfer = reused
            } else {
                transfer = try Transfer(
                    easy: try CurlEasy(), flow: flow, exchange: exchange,
                    generator: environment.generator, configuration: environment.configuration,
                    socketEvents: multi.events
                )
            }
            do throws(CurlError) {
                try transfer.configure()
                transfer.markStarted(MonotonicNanoseconds.now)
                try multi.add(transfer.easy)
            } catch let error {
                idle.append(transfer)
                throw error
            }
            active[transfer.easy.handle] = transfer
            peakTransfers = max(peakTransfers, active.count)
        } catch {
            flow.outstanding -= 1
            let hop = HopRecord.unsent(exchange, code: error.label, now: now)
            let result = ExchangeResult(status: 0, errorCode: error.label, etag: nil, body: [], bodyMD5: nil, hop: hop)
            process(flow.receive(result, for: exchange, now: now), of: flow, now: now)
        }
    }

    private func complete(_ handle: UnsafeMutableRawPointer, _ code: CURLcode, _ now: UInt64) {
        guard let transfer = active.removeValue(forKey: handle) else { return }
        multi.remove(transfer.easy)
        let result = transfer.result(code: code, now: now)
        idle.append(transfer)
        unpublished.bytesSent += result.hop.bodyBytesSent + result.hop.headerBytesSent
        let flow = transfer.flow
        flow.outstanding -= 1
        guard !flow.isFinished else { return }
        process(flow.receive(result, for: transfer.exchange, now: now), of: flow, now: now)
    }

    // MARK: ending uploads

    private func finishUpload(_ flow: UploadFlow, _ now: UInt64, failing code: String? = nil) {
        if let code { _ = flow.fail(code) }
        flow.record.endNanoseconds = now
        if flow.outstanding > 0 { cancelExchanges(of: flow) }
        running -= 1
        if !isOpenLoop { idleUsers.append(flow.client) }
        unpublished.inFlight -= 1
        unpublished.done += 1
        if flow.record.status != .ok {
            unpublished.failed += 1
        }
        records.append(flow.record)
        onRecord?(flow.record)
    }

    /// Removes an ended upload's exchanges from libcurl and from the delay queue.
    private func cancelExchanges(of flow: UploadFlow) {
        for (handle, transfer) in active where transfer.flow === flow {
            multi.remove(transfer.easy)
            active[handle] = nil
            idle.append(transfer)
        }
        _ = delayed.removeAll(of: flow)
        flow.outstanding = 0
    }

    private func abandonAll(_ now: UInt64) {
        var flows = active.values.map(\.flow) + delayed.flows
        var seen = Set<ObjectIdentifier>()
        flows = flows.filter { seen.insert(ObjectIdentifier($0)).inserted }
        for flow in flows where !flow.isFinished {
            flow.abandon()
            finishUpload(flow, now)
        }
        for transfer in active.values { multi.remove(transfer.easy) }
        active.removeAll()
        delayed.removeAll()
    }

    private func pollTimeout(_ now: UInt64) -> Int {
        var wake = min(now + 1_000_000_000, shared.hardDeadline)
        if let due = delayed.nextDue { wake = min(wake, due) }
        if let due = multi.events.timerDue { wake = min(wake, due) }
        if isOpenLoop, running < slots, openNext < openIndices.count {
            wake = min(wake, shared.startNanoseconds + shared.schedule[openIndices[openNext]])
        }
        if shared.startDeadline > now { wake = min(wake, shared.startDeadline) }
        return wake <= now ? 0 : Int((wake - now) / 1_000_000)
    }

    deinit {
        for transfer in active.values { multi.remove(transfer.easy) }
    }
}

@available(*, unavailable)
extension ClientDriver: Sendable {}

/// Counts a driver thread adds to `SharedRunState` in one go.
private struct UnpublishedProgress {
    var inFlight = 0
    var done = 0
    var failed = 0
    var bytesSent = 0
}

extension HopRecord {
    /// The hop of an exchange that never reached the network.
    static func unsent(_ exchange: Exchange, code: String, now: UInt64) -> HopRecord {
        HopRecord(
            kind: exchange.kind, partNumber: exchange.partNumber, attempt: exchange.attempt, status: 0,
            errorCode: code, issuedNanoseconds: exchange.issuedAt, startNanoseconds: now,
            firstResponseByteNanoseconds: 0, bodySentNanoseconds: 0, endNanoseconds: now,
            bodyBytesSent: 0, headerBytesSent: 0, bodyBytesReceived: 0, headerBytesReceived: 0, newConnection: false
        )
    }
}
