// SPDX-License-Identifier: Apache-2.0

internal import CSystem
import Dispatch
import Foundation
public import Metrics

/// Simulated upload clients on libcurl's multi interface.
///
/// `run(plan:)` starts `configuration.threads` driver threads named
/// `loadgen-0`, `loadgen-1`, ... (registered in the `ComponentCPU` given, so
/// the harness's own CPU shows in reports), makes every planned upload per the
/// load shape, and returns one `UploadRecord` per upload started.
public final class LoadGenerator: Sendable {
    public let configuration: LoadGeneratorConfiguration
    private let cpu: ComponentCPU?

    /// - Parameters:
    ///   - configuration: endpoints, load shape, limits and options.
    ///   - cpu: where the driver threads are registered, under `configuration.cpuComponent`.
    public init(configuration: LoadGeneratorConfiguration, cpu: ComponentCPU? = nil) {
        self.configuration = configuration
        self.cpu = cpu
    }

    /// Makes the uploads of `plan` and waits until they are done, the start
    /// deadline (`maxDuration`) passed, or the hard time limit aborted the rest.
    ///
    /// Blocks the calling thread, which only reports progress.
    /// - Parameters:
    ///   - plan: the uploads, in order (a closed loop takes them in this order;
    ///     an open loop schedules upload `i` at the `i`-th arrival).
    ///   - progress: called on the calling thread about once a second.
    ///   - onRecord: called on a driver thread as each upload ends (keep it cheap).
    /// - Returns: the records (sorted by index) and run-wide figures.
    public func run(
        plan: [PlannedUpload],
        progress: (@Sendable (LoadProgress) -> Void)? = nil,
        onRecord: (@Sendable (UploadRecord) -> Void)? = nil
    ) -> LoadRun {
        let start = MonotonicNanoseconds.now
        let schedule: [UInt64] =
            if case .open(let open) = configuration.shape { open.schedule(count: plan.count) } else { [] }
        let startDeadline = configuration.maxDuration.map { start + $0.wholeNanoseconds } ?? UInt64.max
        let hardDeadline =
            (configuration.maxDuration.map { start + $0.wholeNanoseconds } ?? start)
            + configuration.hardTimeLimit.wholeNanoseconds
        let shared = SharedRunState(
            plan: plan, schedule: schedule, start: start, startDeadline: startDeadline, hardDeadline: hardDeadline
        )
        let group = DispatchGroup()
        for index in 0..<configuration.threads {
            group.enter()
            DriverThread.start { [configuration, cpu] in
                Self.driverThread(index, configuration: configuration, shared: shared, cpu: cpu, onRecord: onRecord)
                group.leave()
            }
        }
        while group.wait(timeout: .now() + .seconds(1)) == .timedOut {
            progress?(LoadProgress(shared, now: MonotonicNanoseconds.now))
        }
        let end = MonotonicNanoseconds.now
        progress?(LoadProgress(shared, now: end))
        let records = shared.records.withLock { $0 }.joined().sorted { $0.index < $1.index }
        let notStarted: Int =
            if case .open = configuration.shape { shared.notStarted.load(ordering: .relaxed) } else { shared.untaken }
        return LoadRun(
            records: records,
            startNanoseconds: start,
            endNanoseconds: end,
            notStarted: notStarted,
            dueNotStarted: shared.dueNotStarted.load(ordering: .relaxed),
            lateStarts: records.count(where: \.lateStart),
            cpuNanoseconds: UInt64(shared.cpuNanoseconds.load(ordering: .relaxed)),
            peakTransfers: shared.peakTransfers.load(ordering: .relaxed)
        )
    }

    private static func driverThread(
        _ index: Int, configuration: LoadGeneratorConfiguration, shared: SharedRunState, cpu: ComponentCPU?,
        onRecord: (@Sendable (UploadRecord) -> Void)?
    ) {
        _ = "\(configuration.threadNamePrefix)-\(index)".withCString { ub_set_thread_name($0) }
        let threadID = ub_gettid()
        cpu?.register(component: configuration.cpuComponent, threadID: threadID)
        let cpuStart = ub_thread_cpu_nanoseconds()
        // The driver lives and dies on this thread; its records leave through the shared state.
        if let driver = try? ClientDriver(
            thread: index, threads: configuration.threads, shared: shared,
            configuration: configuration, onRecord: onRecord
        ) {
            driver.run()
            let records = driver.records
            shared.records.withLock { $0.append(records) }
        }
        shared.cpuNanoseconds.wrappingAdd(Int(ub_thread_cpu_nanoseconds() - cpuStart), ordering: .relaxed)
        cpu?.recordExit(threadID: threadID)
    }
}

/// What a run produced.
public struct LoadRun: Sendable {
    /// One per upload started, sorted by plan index (warm-ups included, flagged).
    public var records: [UploadRecord]
    /// CLOCK_MONOTONIC nanoseconds when the run started; open-loop schedules count from here.
    public var startNanoseconds: UInt64
    public var endNanoseconds: UInt64
    /// Planned uploads never started because `maxDuration` passed first.
    public var notStarted: Int
    /// Of `notStarted`, open-loop arrivals that were due before `maxDuration` passed
    /// but found `maxInFlight` uploads running: the system fell behind the arrival rate.
    public var dueNotStarted: Int
    /// Open-loop uploads that started later than the late-start threshold.
    public var lateStarts: Int
    /// CPU time of the driver threads (CLOCK_THREAD_CPUTIME_ID, user and system).
    public var cpuNanoseconds: UInt64
    /// Most transfers (HTTP requests) one driver thread had in libcurl at once.
    public var peakTransfers: Int

    public var durationNanoseconds: UInt64 { endNanoseconds - startNanoseconds }
}

/// A progress snapshot.
public struct LoadProgress: Sendable {
    public var elapsedNanoseconds: UInt64
    public var uploadsDone: Int
    /// Uploads that ended failed or corrupted.
    public var uploadsFailed: Int
    public var uploadsInFlight: Int
    /// Bytes sent so far, headers included.
    public var bytesSent: Int

    init(_ shared: SharedRunState, now: UInt64) {
        elapsedNanoseconds = now - shared.startNanoseconds
        uploadsDone = shared.uploadsDone.load(ordering: .relaxed)
        uploadsFailed = shared.uploadsFailed.load(ordering: .relaxed)
        uploadsInFlight = shared.inFlight.load(ordering: .relaxed)
        bytesSent = shared.bytesSent.load(ordering: .relaxed)
    }
}
