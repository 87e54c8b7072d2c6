// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// What the driver threads of one run share: the closed-loop queue position,
/// progress counters and the collected records. All lock-free or behind a Mutex.
final class SharedRunState: Sendable {
    let plan: [PlannedUpload]
    /// Intended start offsets per plan index (open loop); empty for a closed loop.
    let schedule: [UInt64]
    let startNanoseconds: UInt64
    /// No upload starts at or after this time.
    let startDeadline: UInt64
    /// Transfers still running at this time are abandoned.
    let hardDeadline: UInt64

    private let nextIndex = Atomic<Int>(0)
    let uploadsDone = Atomic<Int>(0)
    let uploadsFailed = Atomic<Int>(0)
    let bytesSent = Atomic<Int>(0)
    let inFlight = Atomic<Int>(0)
    /// Each driver thread's records, handed over whole (not copied on the driver thread).
    let records = Mutex<[[UploadRecord]]>([])
    let cpuNanoseconds = Atomic<Int>(0)
    let notStarted = Atomic<Int>(0)
    /// Open-loop arrivals due before the start deadline that never started:
    /// `maxInFlight` uploads were still running when they came.
    let dueNotStarted = Atomic<Int>(0)
    let peakTransfers = Atomic<Int>(0)

    init(plan: [PlannedUpload], schedule: [UInt64], start: UInt64, startDeadline: UInt64, hardDeadline: UInt64) {
        self.plan = plan
        self.schedule = schedule
        startNanoseconds = start
        self.startDeadline = startDeadline
        self.hardDeadline = hardDeadline
    }

    /// The next plan index for a closed-loop user, or nil when the plan is used up.
    func takeNextIndex() -> Int? {
        let index = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < plan.count ? index : nil
    }

    /// Plan entries never handed out (the start deadline passed first).
    var untaken: Int {
        max(0, plan.count - nextIndex.load(ordering: .relaxed))
    }

    func raisePeakTransfers(_ value: Int) {
        var seen = peakTransfers.load(ordering: .relaxed)
        while value > seen {
            let (exchanged, original) = peakTransfers.compareExchange(expected: seen, desired: value, ordering: .relaxed)
            if exchanged { break }
            seen = original
        }
    }
}
