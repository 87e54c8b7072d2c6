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

    public init(
        maxAttempts: Int = 3,
        initialBackoff: Duration = .milliseconds(50),
        multiplier: Double = 2,
        maxBackoff: Duration = .seconds(2),
        retryableStatuses: Set<Int> = [500, 502, 503, 504],
        retryableCodes: Set<String> = ["SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout"],
        retryTransportErrors: Bool = true
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.multiplier = multiplier
        self.maxBackoff = maxBackoff
        self.retryableStatuses = retryableStatuses
        self.retryableCodes = retryableCodes
        self.retryTransportErrors = retryTransportErrors
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Whether a request that failed with `status` (0 for a transport failure) and `code` is retried.
    public func isRetryable(status: Int, code: String) -> Bool {
        if status == 0 { return retryTransportErrors }
        return retryableStatuses.contains(status) || retryableCodes.contains(code)
    }

    /// The wait before attempt `attempt + 1`, after `attempt` failed attempts.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let factor = pow(multiplier, Double(max(0, attempt - 1)))
        let wait = initialBackoff * factor
        return wait < maxBackoff ? wait : maxBackoff
    }
}
