// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A level that goes up and down (bytes held in buffers, open connections),
/// with the highest level seen. Lock-free, cheap enough for every buffer change.
public final class PeakGauge: Sendable {
    private let current = Atomic<Int>(0)
    private let peak = Atomic<Int>(0)

    public init() {}

    /// Adds `delta` (negative to release) and raises the peak if needed.
    public func add(_ delta: Int) {
        let now = current.wrappingAdd(delta, ordering: .relaxed).newValue
        if delta > 0 {
            var seen = peak.load(ordering: .relaxed)
            while now > seen {
                let (exchanged, original) = peak.compareExchange(
                    expected: seen, desired: now, ordering: .relaxed
                )
                if exchanged { break }
                seen = original
            }
        }
    }

    public var value: Int { current.load(ordering: .relaxed) }
    public var peakValue: Int { peak.load(ordering: .relaxed) }

    /// Starts a new peak window at the current level (between matrix cells of a run).
    public func resetPeak() {
        peak.store(current.load(ordering: .relaxed), ordering: .relaxed)
    }
}

/// A count that only grows (bytes, requests). Lock-free.
public final class Counter: Sendable {
    private let total = Atomic<Int>(0)

    public init() {}

    public func add(_ amount: Int) {
        total.wrappingAdd(amount, ordering: .relaxed)
    }

    public var value: Int { total.load(ordering: .relaxed) }
}
