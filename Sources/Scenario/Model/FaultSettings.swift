// SPDX-License-Identifier: Apache-2.0

/// Faults and delays the embedded mock S3 injects.
public struct FaultSettings: Sendable, Hashable, Codable {
    /// Added before each S3 response.
    public let s3Latency: TimeSpan
    /// A cap on each S3 connection's receive rate; `nil` for none.
    public let s3Bandwidth: BitRate?
    /// Share of requests answered 503 SlowDown.
    public let slowDownRate: Percentage
    /// Share of requests answered 500 InternalError.
    public let internalErrorRate: Percentage
    /// Share of uploads whose connection is reset after `resetAfter` body bytes.
    public let resetRate: Percentage
    public let resetAfter: ByteSize
    /// Uploads idle this long are ended with S3's RequestTimeout; `nil` for S3's usual 20 s.
    public let idleTimeout: TimeSpan?

    public init(s3Latency: TimeSpan = .zero, s3Bandwidth: BitRate? = nil, slowDownRate: Percentage = .zero,
                internalErrorRate: Percentage = .zero, resetRate: Percentage = .zero,
                resetAfter: ByteSize = .kibibytes(64), idleTimeout: TimeSpan? = nil) {
        self.s3Latency = s3Latency
        self.s3Bandwidth = s3Bandwidth
        self.slowDownRate = slowDownRate
        self.internalErrorRate = internalErrorRate
        self.resetRate = resetRate
        self.resetAfter = resetAfter
        self.idleTimeout = idleTimeout
    }

    /// No faults (the default).
    public static let none = FaultSettings()

    public var isNone: Bool {
        self == .none
    }

    enum CodingKeys: String, CodingKey {
        case s3Latency = "s3_latency"
        case s3Bandwidth = "s3_bandwidth"
        case slowDownRate = "slow_down_rate"
        case internalErrorRate = "internal_error_rate"
        case resetRate = "reset_rate"
        case resetAfter = "reset_after"
        case idleTimeout = "idle_timeout"
    }
}

/// How a simulated client retries a failed upload (5xx, SlowDown, a reset connection).
public struct RetryPolicy: Sendable, Hashable, Codable {
    /// Attempts in all, the first included (1 means no retries).
    public let maxAttempts: Int
    /// Backoff before the first retry; each further retry multiplies it by `multiplier`.
    public let initialBackoff: TimeSpan
    /// The backoff never exceeds this.
    public let maxBackoff: TimeSpan
    public let multiplier: Double
    /// "Full jitter": wait a seeded random time between 0 and the backoff.
    public let jitter: Bool

    public init(maxAttempts: Int = 3, initialBackoff: TimeSpan = .milliseconds(100), maxBackoff: TimeSpan = .seconds(5),
                multiplier: Double = 2, jitter: Bool = true) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The defaults: 3 attempts, 100 ms doubling up to 5 s, full jitter.
    public static let standard = RetryPolicy()

    /// The backoff ceiling before retry number `retry` (1 for the first retry), before jitter.
    public func backoff(beforeRetry retry: Int) -> TimeSpan {
        var nanoseconds = Double(initialBackoff.nanoseconds)
        for _ in 1..<max(1, retry) {
            nanoseconds *= multiplier
        }
        return TimeSpan(nanoseconds: Int64(min(nanoseconds, Double(maxBackoff.nanoseconds))))
    }

    enum CodingKeys: String, CodingKey {
        case maxAttempts = "max_attempts"
        case initialBackoff = "initial_backoff"
        case maxBackoff = "max_backoff"
        case multiplier
        case jitter
    }
}
