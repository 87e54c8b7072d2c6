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
        var lastCPUReading: UInt64?
        var lastMachineReading: (offset: Int64, busy: UInt64, own: UInt64)?

        mutating func second(at offset: Int64) -> Int {
            let index = Int(Swift.max(0, offset) / 1_000_000_000)
            if index >= seconds.count {
                seconds.append(contentsOf: repeatElement(Second(), count: index + 1 - seconds.count))
            }
            return index
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
    /// previous reading is attributed to the second containing `offset`.
    /// The first reading only sets the starting point.
    public func recordAppCPU(at offset: Int64, totalNanoseconds: UInt64) {
        state.withLock { state in
            let index = state.second(at: offset)
            if let last = state.lastCPUReading, totalNanoseconds > last {
                state.seconds[index].appCPU += totalNanoseconds - last
            }
            state.lastCPUReading = Swift.max(state.lastCPUReading ?? 0, totalNanoseconds)
        }
    }

    /// Records cumulative readings of the whole machine's busy CPU and of this
    /// run's own processes' CPU; what each grew since the previous reading is
    /// attributed to the second containing the middle of that interval, the
    /// machine's less this run's being other processes'. The first reading
    /// only sets the starting point.
    /// - Parameters:
    ///   - busyNanoseconds: the machine's busy CPU so far (`MachineCPU.busyNanoseconds`).
    ///   - ownNanoseconds: this run's processes' CPU so far.
    public func recordMachineCPU(at offset: Int64, busyNanoseconds: UInt64, ownNanoseconds: UInt64) {
        state.withLock { state in
            if let last = state.lastMachineReading, busyNanoseconds >= last.busy, ownNanoseconds >= last.own {
                // Readings come about a second apart, so the interval's middle names its second best.
                let index = state.second(at: last.offset + (offset - last.offset) / 2)
                let busy = busyNanoseconds - last.busy
                let own = ownNanoseconds - last.own
                state.seconds[index].machineBusy = (state.seconds[index].machineBusy ?? 0) + busy
                // Ticks and nanoseconds are read at slightly different moments; a negative difference means none.
                state.seconds[index].otherCPU = (state.seconds[index].otherCPU ?? 0) + (busy > own ? busy - own : 0)
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
