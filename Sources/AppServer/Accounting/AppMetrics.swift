// SPDX-License-Identifier: Apache-2.0

public import HTTPCore
public import Metrics
import Synchronization

/// The app server's accounting: always on; byte counts are lock-free, timings
/// take a short lock once per request. The client hop (bytes, connections)
/// comes from the HTTP server's own exact counters.
public final class AppMetrics: Sendable {
    /// Bytes to S3 (requests, aws-chunked framing counted as head).
    let toS3 = HeadBodyCounter()
    /// Bytes from S3 (responses).
    let fromS3 = HeadBodyCounter()
    /// Bytes held in the app server's own buffers: relay and chunk buffers, whole
    /// bodies, parts, file read buffers, bytes queued on upstream sockets, JSON bodies.
    public let bufferedBytes = PeakGauge()
    /// Bytes held in spool files.
    public let spooledBytes = PeakGauge()
    /// Requests to S3 in flight.
    public let upstreamRequests = PeakGauge()
    /// Client requests the app is working on, from their head to their answer:
    /// a proxied upload holds one for its whole transfer, a presign only briefly.
    public let requestsInProgress = PeakGauge()
    /// Client request duration: head received to response finished.
    let clientRequestTime = SharedHistogram()
    /// App to S3 request duration: request started to response complete.
    let s3RequestTime = SharedHistogram()
    /// Presign routes' own handling time (body parsed to answer written, without S3 calls).
    let presignTime = SharedHistogram()
    /// Objects stored through the proxy route, and their bytes.
    let proxyUploads = Counter()
    let proxyUploadedBytes = Counter()
    /// Multipart uploads the proxy created, and those it aborted after a failure.
    let multipartCreated = Counter()
    let multipartAborted = Counter()
    private let errorCounts = Mutex<[String: Int]>([:])
    private let cpu: ComponentCPU?

    /// The component name the app server's threads register under.
    public static let component = "app"

    public init(cpu: ComponentCPU? = nil) {
        self.cpu = cpu
    }

    /// Counts one error by its code (answered to a client, or a failed S3 call).
    func recordError(_ label: String) {
        errorCounts.withLock { $0[label, default: 0] += 1 }
    }

    /// The figures so far, with the client hop from `server`; cheap enough to call once a second.
    public func snapshot(server: HTTPServerStatistics) -> AppServerSnapshot {
        AppServerSnapshot(
            traffic: AppTraffic(
                fromClients: HeadBody(head: Int64(server.headBytesIn), body: Int64(server.bodyBytesIn)),
                toClients: HeadBody(head: Int64(server.headBytesOut), body: Int64(server.bodyBytesOut)),
                toS3: toS3.value, fromS3: fromS3.value
            ),
            bufferedBytes: bufferedBytes.value,
            peakBufferedBytes: bufferedBytes.peakValue,
            peakSpooledBytes: spooledBytes.peakValue,
            openConnections: server.openConnections,
            peakOpenConnections: server.peakOpenConnections,
            peakUpstreamRequests: upstreamRequests.peakValue,
            peakRequestsInProgress: requestsInProgress.peakValue,
            clientRequestTime: clientRequestTime.value,
            s3RequestTime: s3RequestTime.value,
            presignTime: presignTime.value,
            proxyUploads: proxyUploads.value,
            proxyUploadedBytes: Int64(proxyUploadedBytes.value),
            multipartCreated: multipartCreated.value,
            multipartAborted: multipartAborted.value,
            errors: errorCounts.withLock { $0 },
            cpuNanoseconds: cpu?.nanoseconds(for: Self.component) ?? 0
        )
    }

    /// Starts new peak windows at the current levels (between matrix cells of a run).
    public func resetPeaks() {
        bufferedBytes.resetPeak()
        spooledBytes.resetPeak()
        upstreamRequests.resetPeak()
        requestsInProgress.resetPeak()
    }

    /// Starts a measurement window: new peaks and empty timing histograms, so a
    /// warm-up's requests do not show in the measured run. Byte counters keep
    /// counting; the runner subtracts their values at the window's start.
    public func startMeasurementWindow() {
        resetPeaks()
        clientRequestTime.reset()
        s3RequestTime.reset()
        presignTime.reset()
    }
}

/// Head and body byte counts of one direction.
final class HeadBodyCounter: Sendable {
    let head = Counter()
    let body = Counter()

    var value: HeadBody {
        HeadBody(head: Int64(head.value), body: Int64(body.value))
    }
}

/// A latency histogram shared by the event loop threads.
final class SharedHistogram: Sendable {
    private let histogram = Mutex(LatencyHistogram())

    func reset() {
        histogram.withLock { $0 = LatencyHistogram() }
    }

    func record(since start: UInt64, now: UInt64) {
        histogram.withLock { $0.record(Int64(now &- start)) }
    }

    var value: LatencyHistogram {
        histogram.withLock { $0 }
    }
}
