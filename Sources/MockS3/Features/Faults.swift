// SPDX-License-Identifier: Apache-2.0

import Metrics
import Synchronization

/// Faults and delays the mock injects, per server, changeable while it runs.
public struct Faults: Sendable, Equatable {
    /// Added before every response is sent.
    public var latency: Duration = .zero
    /// Caps how fast each request body is read, in bytes per second; nil reads at full speed.
    public var bandwidthBytesPerSecond: Int64?
    /// Fraction of requests (0...1) answered `503 SlowDown` without being served.
    public var slowDownRate: Double = 0
    /// Fraction of requests (0...1) answered `500 InternalError` without being served.
    public var internalErrorRate: Double = 0
    /// Fraction of uploads (0...1) whose connection is reset after `resetAfterBytes` body bytes.
    /// The three rates are disjoint shares: together they must not exceed 1.
    public var resetRate: Double = 0
    /// How many body bytes a reset upload gets through first.
    public var resetAfterBytes: Int64 = 65_536
    /// How long an upload may go without receiving a byte before it is refused
    /// with `400 RequestTimeout` (S3 uses about 20 s).
    public var requestTimeout: Duration = .seconds(20)
    /// Seed of the random choices above, so a run can be repeated.
    public var seed: UInt64 = 1

    public init() {}

    /// Whether anything beyond the idle timeout is switched on.
    public var isActive: Bool {
        latency > .zero || bandwidthBytesPerSecond != nil || slowDownRate > 0 || internalErrorRate > 0 || resetRate > 0
    }
}

/// The server's current faults and the seeded generator behind their random choices.
final class FaultInjector: Sendable {
    /// What to do with one request, drawn when its head arrives.
    struct Decision {
        var error: S3Error?
        var resetAfterBytes: Int64?
        var latency: Duration
        var bandwidth: Int64?
        var requestTimeout: Duration
    }

    private struct State {
        var faults: Faults
        var random: SeededGenerator
    }

    private let state: Mutex<State>

    init(_ faults: Faults) {
        state = Mutex(State(faults: faults, random: SeededGenerator(seed: faults.seed)))
    }

    var faults: Faults {
        get { state.withLock { $0.faults } }
    }

    /// Replaces the faults; the generator restarts from the new seed.
    func set(_ faults: Faults) {
        state.withLock { $0 = State(faults: faults, random: SeededGenerator(seed: faults.seed)) }
    }

    /// Draws the faults for one request.
    func decide(isUpload: Bool) -> Decision {
        state.withLock { state in
            let faults = state.faults
            var decision = Decision(
                latency: faults.latency,
                bandwidth: faults.bandwidthBytesPerSecond,
                requestTimeout: faults.requestTimeout
            )
            guard faults.slowDownRate > 0 || faults.internalErrorRate > 0 || faults.resetRate > 0 else {
                return decision
            }
            // One draw splits the unit interval into disjoint shares, so each rate is the
            // share of requests (resets: of uploads) that get that fault, as configured; a
            // second draw for resets would only reset resetRate of the uploads left unfaulted.
            let draw = state.random.nextUnit()
            if draw < faults.slowDownRate {
                decision.error = .slowDown
            } else if draw < faults.slowDownRate + faults.internalErrorRate {
                decision.error = .internalError
            } else if isUpload, draw < faults.slowDownRate + faults.internalErrorRate + faults.resetRate {
                decision.resetAfterBytes = faults.resetAfterBytes
            }
            return decision
        }
    }
}
