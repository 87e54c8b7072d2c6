// SPDX-License-Identifier: Apache-2.0

public import Metrics
import Synchronization

/// The app server's accounting: always on, lock-free on the hot paths.
///
/// "In" and "out" are seen from the app server: on the client hop, requests
/// come in and responses go out; on the S3 hop, requests go out and responses
/// come in.
public final class AppMetrics: Sendable {
    /// Bytes between clients and the app server.
    public let clientHop = HopCounters()
    /// Bytes between the app server and S3.
    public let s3Hop = HopCounters()
    /// Bytes held in the app server's own buffers (relay buffers, whole bodies, parts, JSON bodies).
    public let bufferedBytes = PeakGauge()
    /// Bytes the app server holds in spool files.
    public let spooledBytes = PeakGauge()
    /// Open client connections.
    public let openConnections = PeakGauge()
    /// Requests to S3 in flight.
    public let upstreamRequests = PeakGauge()
    /// Client request duration: head received to response finished.
    public let clientRequestTime = TimingSum()
    /// App to S3 request duration: request started to response complete.
    public let s3RequestTime = TimingSum()
    /// Presign routes' handling time (JSON parsed to answer written, without S3 calls).
    public let presignTime = TimingSum()
    /// Objects stored through the proxy route, and their bytes.
    public let proxyUploads = Counter()
    public let proxyUploadedBytes = Counter()
    /// Multipart uploads created, and aborted by the app server after a failure.
    public let multipartCreated = Counter()
    public let multipartAborted = Counter()
    private let errorCounts = Mutex<[String: Int]>([:])
    private let cpu: ComponentCPU?

    /// The component name the app server's threads register under.
    public static let component = "app"

    public init(cpu: ComponentCPU? = nil) {
        self.cpu = cpu
    }

    /// Counts one error answered to a client (or one failed S3 call) by its code.
    public func recordError(_ label: String) {
        errorCounts.withLock { $0[label, default: 0] += 1 }
    }

    /// The figures so far; cheap enough to call once a second.
    public func snapshot() -> AppServerSnapshot {
        AppServerSnapshot(
            clientHop: clientHop.snapshot(),
            s3Hop: s3Hop.snapshot(),
            bufferedBytes: bufferedBytes.value,
            peakBufferedBytes: bufferedBytes.peakValue,
            peakSpooledBytes: spooledBytes.peakValue,
            openConnections: openConnections.value,
            peakOpenConnections: openConnections.peakValue,
            peakUpstreamRequests: upstreamRequests.peakValue,
            clientRequestTime: clientRequestTime.snapshot(),
            s3RequestTime: s3RequestTime.snapshot(),
            presignTime: presignTime.snapshot(),
            proxyUploads: proxyUploads.value,
            proxyUploadedBytes: proxyUploadedBytes.value,
            multipartCreated: multipartCreated.value,
            multipartAborted: multipartAborted.value,
            errors: errorCounts.withLock { $0 },
            cpuNanoseconds: cpu?.nanoseconds(for: Self.component) ?? 0
        )
    }
}

/// Header and body bytes in both directions of one hop.
public final class HopCounters: Sendable {
    public let headIn = Counter()
    public let headOut = Counter()
    public let bodyIn = Counter()
    public let bodyOut = Counter()

    public init() {}

    public func snapshot() -> HopBytes {
        HopBytes(headIn: headIn.value, headOut: headOut.value, bodyIn: bodyIn.value, bodyOut: bodyOut.value)
    }
}

/// Count, sum and maximum of durations in nanoseconds.
public final class TimingSum: Sendable {
    private let count = Atomic<Int>(0)
    private let total = Atomic<UInt64>(0)
    private let maximum = Atomic<UInt64>(0)

    public init() {}

    public func record(nanoseconds: UInt64) {
        count.wrappingAdd(1, ordering: .relaxed)
        total.wrappingAdd(nanoseconds, ordering: .relaxed)
        var seen = maximum.load(ordering: .relaxed)
        while nanoseconds > seen {
            let (exchanged, original) = maximum.compareExchange(expected: seen, desired: nanoseconds, ordering: .relaxed)
            if exchanged { break }
            seen = original
        }
    }

    public func snapshot() -> Timing {
        Timing(
            count: count.load(ordering: .relaxed),
            totalNanoseconds: total.load(ordering: .relaxed),
            maxNanoseconds: maximum.load(ordering: .relaxed)
        )
    }
}
