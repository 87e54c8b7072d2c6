// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Collects a `TimeSeries` while a run goes on: clients report finished
/// uploads, a sampler reports the app server's and the machine's CPU readings
/// about once a second.
///
/// Times are nanoseconds since the start of the measured window, given by the
/// caller, so the recorder does not read a clock itself. Thread-safe.
public final class TimeSeriesRecorder: Sendable {
    private struct Second {
        var uploadsOK = 0
        var errors = 0
        var bytes: Int64 = 0
        var appCPU: UInt64 = 0
        var machineBusy: UInt64?
        var otherCPU: UInt64?
        // Per-second percentiles need less precision than the run's histogram: 1.6 %.
        var latency = LatencyHistogram(significantBits: 5)
    }

    private struct State {
        var seconds: [Second] = []
        var lastCPUReading: (offset: Int64, total: UInt64)?
        var lastMachineReading: (offset: Int64, busy: UInt64, own: UInt64)?

        mutating func second(at offset: Int64) -> Int {
            let index = Int(Swift.max(0, offset) / 1_000_000_000)
            if index >= seconds.count {
                seconds.append(contentsOf: repeatElement(Second(), count: index + 1 - seconds.count))
            }
            return index
        }

        /// Splits `amount`, used between the offsets `start` and `end`, over the seconds
        /// that interval covers, in proportion to its time in each; the parts sum to
        /// `amount` exactly. Readings come about a second apart but not on whole
        /// seconds, so giving a whole interval to one second shifted CPU by up to a second.
        mutating func spread(_ amount: UInt64, from start: Int64, to end: Int64, _ add: (inout Second, UInt64) -> Void) {
            let start = Swift.max(0, start)
            let end = Swift.max(start, end)
            let first = second(at: start)
            let last = second(at: Swift.max(start, end - 1))
            var given: UInt64 = 0
            for index in first..<last {
                let overlap = Int64(index + 1) * 1_000_000_000 - Swift.max(start, Int64(index) * 1_000_000_000)
                let part = Swift.min(amount - given, UInt64(Double(amount) * Double(overlap) / Double(end - start)))
                add(&seconds[index], part)
                given += part
            }
            add(&seconds[last], amount - given)
        }
    }

    private let state = Mutex(State())

    public init() {}

    /// Records a finished upload.
    /// - Parameters:
    ///   - offset: when it finished, in nanoseconds since the start of the window.
    ///   - latency: its end-to-end latency in nanoseconds.
    ///   - bytes: its object size.
    ///   - succeeded: false for an upload that ended in an error.
    public func recordUpload(finishedAt offset: Int64, latency: Int64, bytes: Int64, succeeded: Bool) {
        state.withLock { state in
            let index = state.second(at: offset)
            if succeeded {
                state.seconds[index].uploadsOK += 1
                state.seconds[index].bytes += bytes
                state.seconds[index].latency.record(latency)
            } else {
                state.seconds[index].errors += 1
            }
        }
    }

    /// Records a cumulative app server CPU reading; the CPU used since the
    /// previous reading is spread over the seconds between the two. The first
    /// reading only sets the starting point: take one at the window's start.
    public func recordAppCPU(at offset: Int64, totalNanoseconds: UInt64) {
        state.withLock { state in
            if let last = state.lastCPUReading {
                if totalNanoseconds > last.total {
                    state.spread(totalNanoseconds - last.total, from: last.offset, to: offset) { $0.appCPU += $1 }
                }
            } else {
                _ = state.second(at: offset)
            }
            if totalNanoseconds >= state.lastCPUReading?.total ?? 0 {
                state.lastCPUReading = (offset, totalNanoseconds)
            }
        }
    }

    /// Records cumulative readings of the whole machine's busy CPU and of this
    /// run's own processes' CPU; what each grew since the previous reading is
    /// spread over the seconds between the two, the machine's less this run's
    /// being other processes'. The first reading only sets the starting point.
    /// - Parameters:
    ///   - busyNanoseconds: the machine's busy CPU so far (`MachineCPU.busyNanoseconds`).
    ///   - ownNanoseconds: this run's processes' CPU so far.
    public func recordMachineCPU(at offset: Int64, busyNanoseconds: UInt64, ownNanoseconds: UInt64) {
        state.withLock { state in
            if let last = state.lastMachineReading, busyNanoseconds >= last.busy, ownNanoseconds >= last.own {
                let busy = busyNanoseconds - last.busy
                let own = ownNanoseconds - last.own
                state.spread(busy, from: last.offset, to: offset) { $0.machineBusy = ($0.machineBusy ?? 0) + $1 }
                // Ticks and nanoseconds are read at slightly different moments; a negative difference means none.
                state.spread(busy > own ? busy - own : 0, from: last.offset, to: offset) {
                    $0.otherCPU = ($0.otherCPU ?? 0) + $1
                }
            }
            state.lastMachineReading = (offset, busyNanoseconds, ownNanoseconds)
        }
    }

    /// The series so far.
    public func series() -> TimeSeries {
        state.withLock { state in
            TimeSeries(points: state.seconds.enumerated().map { second, data in
                TimeSeriesPoint(
                    second: second,
                    uploadsOK: data.uploadsOK,
                    errors: data.errors,
                    bytes: data.bytes,
                    latencyP50Nanoseconds: data.latency.value(atPercent: 50),
                    latencyP99Nanoseconds: data.latency.value(atPercent: 99),
                    appCPUNanoseconds: data.appCPU,
                    machineBusyNanoseconds: data.machineBusy,
                    otherCPUNanoseconds: data.otherCPU
                )
            })
        }
    }
}
