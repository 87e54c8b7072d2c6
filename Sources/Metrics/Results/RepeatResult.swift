// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// Everything measured in one repeat of one matrix cell for one architecture.
/// The runner fills one per repeat; a cell's totals are their merge.
public struct RepeatResult: Sendable, Equatable, Codable {
    /// When the measured window (after warm-up) started.
    public var startedAt: Date?
    /// Length of the measured window in nanoseconds (throughput's denominator).
    public var durationNanoseconds: Int64 = 0

    /// Uploads stored and verified.
    public var uploadsOK = 0
    /// Uploads that ended in an error after the scenario's retries.
    public var uploadsFailed = 0
    /// Uploads S3 reported as stored whose content hash did not match.
    public var uploadsCorrupted = 0
    /// Uploads reported successful to the client but missing in S3.
    public var uploadsLost = 0
    /// Object bytes of the uploads counted in `uploadsOK`.
    public var bytesUploaded: Int64 = 0
    /// Errors by S3 error code or transport error label (retried attempts included).
    public var errorsByCode: [String: Int] = [:]

    /// End-to-end latency of successful uploads.
    public var latency = LatencyHistogram()
    /// Latency per hop.
    public var hops = HopHistograms()

    /// App server CPU (user + system) in nanoseconds.
    public var appCPUNanoseconds: UInt64 = 0
    /// Bytes through the app server per hop, head and body apart.
    public var appTraffic = AppTraffic()
    /// Highest number of bytes the app server held in buffers at once.
    public var appPeakBufferedBytes: Int64 = 0
    /// Highest resident set size of the app server's process, in bytes.
    public var appPeakRSSBytes: Int64 = 0
    /// Highest number of open connections at the app server.
    public var peakOpenConnections = 0
    /// Bytes received by S3 (head and body); nil when the runner cannot count
    /// them (a real S3, or the mock S3 in a child process), where 0 would read as
    /// "nothing reached S3".
    public var s3BytesIn: Int64?
    /// Mock S3 CPU in nanoseconds; nil for a real S3, whose CPU the runner cannot see
    /// (0 read as "S3 cost nothing" and went into the harness total as if measured).
    public var s3CPUNanoseconds: UInt64?
    /// Load generator CPU in nanoseconds.
    public var loadGeneratorCPUNanoseconds: UInt64 = 0
    /// CPU of the in-process link emulator (the network model), part of the harness's cost.
    public var networkCPUNanoseconds: UInt64 = 0

    /// One point per second of the measured window.
    public var timeSeries = TimeSeries()

    /// How busy the machine and the harness's threads were; nil in runs made
    /// before it was measured (optional so that their `run.json` still reads).
    public var machineLoad: MachineLoad?

    /// Open-loop arrivals that were due in the window but never started because
    /// `max_in_flight` uploads were running: the cell got less load than asked.
    /// Nil for closed loops and runs made before it was counted.
    public var arrivalsNotStarted: Int?

    /// Most client requests the app server worked on at once (head received, not
    /// yet answered): unlike open connections, idle keep-alive ones do not count.
    /// Nil in runs made before it was measured.
    public var peakRequestsInProgress: Int?

    public init() {}

    /// The merge of several repeats: sums of counts, bytes, CPU and time;
    /// maxima of peaks; the worst machine load; merged histograms; time series laid end to end.
    /// - Throws: `LatencyHistogram.Error` when histograms differ in precision.
    public static func merged(_ repeats: [RepeatResult]) throws -> RepeatResult {
        var total = RepeatResult()
        total.startedAt = repeats.compactMap(\.startedAt).min()
        total.machineLoad = MachineLoad.worst(repeats.compactMap(\.machineLoad))
        let notStarted = repeats.compactMap(\.arrivalsNotStarted)
        total.arrivalsNotStarted = notStarted.isEmpty ? nil : notStarted.reduce(0, +)
        total.s3BytesIn = Self.sumIfAllCounted(repeats.map(\.s3BytesIn))
        total.s3CPUNanoseconds = Self.sumIfAllCounted(repeats.map(\.s3CPUNanoseconds))
        for part in repeats {
            total.durationNanoseconds += part.durationNanoseconds
            total.uploadsOK += part.uploadsOK
            total.uploadsFailed += part.uploadsFailed
            total.uploadsCorrupted += part.uploadsCorrupted
            total.uploadsLost += part.uploadsLost
            total.bytesUploaded += part.bytesUploaded
            total.errorsByCode.merge(part.errorsByCode, uniquingKeysWith: +)
            try total.latency.merge(part.latency)
            try total.hops.merge(part.hops)
            total.appCPUNanoseconds += part.appCPUNanoseconds
            total.appTraffic = total.appTraffic + part.appTraffic
            total.appPeakBufferedBytes = max(total.appPeakBufferedBytes, part.appPeakBufferedBytes)
            total.appPeakRSSBytes = max(total.appPeakRSSBytes, part.appPeakRSSBytes)
            total.peakOpenConnections = max(total.peakOpenConnections, part.peakOpenConnections)
            if let peak = part.peakRequestsInProgress {
                total.peakRequestsInProgress = max(total.peakRequestsInProgress ?? 0, peak)
            }
            total.loadGeneratorCPUNanoseconds += part.loadGeneratorCPUNanoseconds
            total.networkCPUNanoseconds += part.networkCPUNanoseconds
            let offset = total.timeSeries.points.count
            total.timeSeries.points += part.timeSeries.points.map { point in
                var shifted = point
                shifted.second += offset
                return shifted
            }
        }
        return total
    }

    /// The sum of a figure some repeats could not count, or nil: a sum over only the
    /// repeats that counted would read as a total and be too small.
    private static func sumIfAllCounted<Figure: AdditiveArithmetic>(_ figures: [Figure?]) -> Figure? {
        guard !figures.isEmpty, !figures.contains(where: { $0 == nil }) else { return nil }
        return figures.reduce(.zero) { $0 + $1! }
    }
}
