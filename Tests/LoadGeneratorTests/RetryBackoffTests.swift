// SPDX-License-Identifier: Apache-2.0

@testable import LoadGenerator
import Testing

/// The waits between attempts: exponential up to a cap, with seeded full jitter.
@Suite struct RetryBackoffTests {
    @Test func withoutJitterEachWaitIsTheCappedExponential() {
        let policy = RetryPolicy(maxAttempts: 5, initialBackoff: .milliseconds(100), multiplier: 2, maxBackoff: .milliseconds(350))
        #expect((1...4).map { policy.backoff(afterAttempt: $0, upload: 7) }
            == [.milliseconds(100), .milliseconds(200), .milliseconds(350), .milliseconds(350)])
    }

    // 10 minutes x 10^18 overflowed Duration before the cap applied.
    @Test func aHugeExponentialIsCappedWithoutOverflow() {
        let policy = RetryPolicy(maxAttempts: 20, initialBackoff: .seconds(600), multiplier: 10, maxBackoff: .seconds(600))
        #expect(policy.backoff(afterAttempt: 19) == .seconds(600))
        #expect(policy.backoff(afterAttempt: 200) == .seconds(600))
    }

    // The scenario's `jitter` was never applied: every client waited exactly the backoff.
    @Test func fullJitterSpreadsWaitsOverZeroToTheBackoffAndRepeatsForTheSameSeed() {
        let policy = RetryPolicy(initialBackoff: .milliseconds(100), multiplier: 2, maxBackoff: .seconds(5),
                                 jitter: true, seed: 42)
        let ceiling = Duration.milliseconds(200)
        let waits = (0..<1_000).map { policy.backoff(afterAttempt: 2, upload: $0) }
        #expect(waits.allSatisfy { $0 >= .zero && $0 <= ceiling })
        #expect(Set(waits).count > 990, "uploads refused together should not come back together")
        let mean = waits.reduce(Duration.zero, +) / waits.count
        // Uniform over [0, 200 ms]: the mean of 1,000 draws lies near 100 ms (sd about 1.8 ms).
        #expect(mean > .milliseconds(90) && mean < .milliseconds(110), "mean \(mean)")
        #expect(waits == (0..<1_000).map { policy.backoff(afterAttempt: 2, upload: $0) })
        var other = policy
        other.seed = 43
        #expect(waits != (0..<1_000).map { other.backoff(afterAttempt: 2, upload: $0) })
        #expect(policy.backoff(afterAttempt: 1, upload: 5) != policy.backoff(afterAttempt: 3, upload: 5))
    }
}
