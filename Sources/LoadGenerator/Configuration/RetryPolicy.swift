// SPDX-License-Identifier: Apache-2.0

import Glibc

/// When a failed request is sent again, and after how long.
///
/// Retries are counted in the upload record apart from failures: an upload
/// that succeeded on its third attempt is `ok` with two retries.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per request, the first included (1 = no retries).
    public var maxAttempts: Int
    /// Wait before the first retry; each later one waits `multiplier` times longer, up to `maxBackoff`.
    public var initialBackoff: Duration
    public var multiplier: Double
    public var maxBackoff: Duration
    /// HTTP statuses worth another attempt.
    public var retryableStatuses: Set<Int>
    /// S3 (or app server) error codes worth another attempt, whatever the status.
    public var retryableCodes: Set<String>
    /// Whether transport failures (connect refused, reset, timeout) are retried.
    public var retryTransportErrors: Bool
    /// "Full jitter": each wait is a random time between zero and the backoff, so
    /// clients refused together do not all come back together.
    public var jitter: Bool
    /// With the upload's index and the attempt, fixes every jittered wait of a run.
    public var seed: UInt64

    public init(
        maxAttempts: Int = 3,
        initialBackoff: Duration = .milliseconds(50),
        multiplier: Double = 2,
        maxBackoff: Duration = .seconds(2),
        retryableStatuses: Set<Int> = [500, 502, 503, 504],
        retryableCodes: Set<String> = ["SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout"],
        retryTransportErrors: Bool = true,
        jitter: Bool = false,
        seed: UInt64 = 0
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.multiplier = multiplier
        self.maxBackoff = maxBackoff
        self.retryableStatuses = retryableStatuses
        self.retryableCodes = retryableCodes
        self.retryTransportErrors = retryTransportErrors
        self.jitter = jitter
        self.seed = seed
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Whether a request that failed with `status` (0 for a transport failure) and `code` is retried.
    public func isRetryable(status: Int, code: String) -> Bool {
        if status == 0 { return retryTransportErrors }
        return retryableStatuses.contains(status) || retryableCodes.contains(code)
    }

    /// The wait before attempt `attempt + 1` of upload `upload`, after `attempt` failed attempts.
    public func backoff(afterAttempt attempt: Int, upload: Int = 0) -> Duration {
        let factor = pow(multiplier, Double(max(0, attempt - 1)))
        // Compared as doubles first: a long backoff times a large factor overflows a Duration.
        let ceiling = Double(initialBackoff.wholeNanoseconds) * factor < Double(maxBackoff.wholeNanoseconds)
            ? initialBackoff * factor : maxBackoff
        guard jitter else { return ceiling }
        var state = seed ^ (UInt64(truncatingIfNeeded: upload) &* 0xD1B5_4A32_D192_ED03) ^ (UInt64(truncatingIfNeeded: attempt) << 56)
        return ceiling * SplitMix64.unit(&state)
    }
}
