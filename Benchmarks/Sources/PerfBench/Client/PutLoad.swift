// SPDX-License-Identifier: Apache-2.0

/// A closed-loop PUT load: `connections` keep-alive connections, each sending
/// its next request as soon as the last one is answered.
struct PutLoad: Sendable {
    /// How long the load lasts.
    enum Stop: Sendable {
        /// Requests ending in [`warmup`, `warmup` + `measure`) seconds from the start are counted.
        case timed(warmup: Double, measure: Double)
        /// Each connection makes this many requests, then closes; gives up after `timeout` seconds.
        case count(perConnection: Int, timeout: Double)
    }

    var port: Int
    var connections: Int
    var threads: Int
    var bodySize: Int
    var stop: Stop
    /// The request head of connection `index`, ending with the empty line.
    var head: @Sendable (Int) -> [UInt8]
}

/// What a load achieved in its measured window.
struct PutResult: Sendable {
    var seconds: Double
    var requests: Int
    /// Body bytes written to the sockets during the window.
    var bodyBytesSent: Int
    var errors: Int
    /// The first error seen, for the log.
    var firstError: String?
    /// Request latencies in nanoseconds (first byte written to response and body complete), sorted.
    var latencies: [UInt64]
    /// CPU seconds of the client threads.
    var clientCPUSeconds: Double

    var requestsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }
    var bytesPerSecond: Double { seconds > 0 ? Double(bodyBytesSent) / seconds : 0 }

    /// The `fraction` quantile of the latencies in milliseconds (0 without samples).
    func latencyMilliseconds(_ fraction: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        let index = min(latencies.count - 1, Int((Double(latencies.count - 1) * fraction).rounded()))
        return Double(latencies[index]) / 1e6
    }

    var meanLatencyMilliseconds: Double {
        guard !latencies.isEmpty else { return 0 }
        return Double(latencies.reduce(0, +)) / Double(latencies.count) / 1e6
    }
}
