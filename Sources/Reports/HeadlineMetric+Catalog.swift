// SPDX-License-Identifier: Apache-2.0

import Metrics

extension HeadlineMetric {
    static let gibibyte = 1_073_741_824.0
    static let mebibyte = 1_048_576.0

    /// Every numeric metric, in `summary.csv` column order.
    public static let all: [HeadlineMetric] = counts + latency + hops + appServer + harness + machineLoad

    /// The metric named `name`, if there is one.
    public static func named(_ name: String) -> HeadlineMetric? {
        all.first { $0.name == name }
    }

    static let counts: [HeadlineMetric] = [
        HeadlineMetric("uploads_ok", .higherIsBetter, .machineDependent) { Double($0.uploadsOK) },
        HeadlineMetric("uploads_failed", .lowerIsBetter, .exact) { Double($0.uploadsFailed) },
        HeadlineMetric("uploads_corrupted", .lowerIsBetter, .exact) { Double($0.uploadsCorrupted) },
        HeadlineMetric("uploads_lost", .lowerIsBetter, .exact) { Double($0.uploadsLost) },
        HeadlineMetric("errors", .lowerIsBetter, .exact) { Double($0.errorsByCode.values.reduce(0, +)) },
        HeadlineMetric("bytes_uploaded", .higherIsBetter, .machineDependent) { Double($0.bytesUploaded) },
        HeadlineMetric("duration_seconds", .lowerIsBetter, .machineDependent) { seconds($0.durationNanoseconds) },
        HeadlineMetric("uploads_per_second", .higherIsBetter, .machineDependent) {
            Double($0.uploadsOK) / seconds($0.durationNanoseconds)
        },
        HeadlineMetric("throughput_mib_s", .higherIsBetter, .machineDependent) {
            Double($0.bytesUploaded) / mebibyte / seconds($0.durationNanoseconds)
        },
        HeadlineMetric("arrivals_not_started", .lowerIsBetter, .machineDependent) { $0.arrivalsNotStarted.map(Double.init) },
    ]

    static let latency: [HeadlineMetric] = {
        let names = ["latency_min_ms", "latency_p25_ms", "latency_p50_ms", "latency_p75_ms",
                     "latency_p90_ms", "latency_p99_ms", "latency_p99_9_ms", "latency_max_ms"]
        let percentiles = zip(names, Percentile.standard).map { name, percentile in
            HeadlineMetric(name, .lowerIsBetter, .machineDependent) { milliseconds($0.latency.value(at: percentile)) }
        }
        return percentiles + [
            HeadlineMetric("latency_mean_ms", .lowerIsBetter, .machineDependent) { $0.latency.mean.map { $0 / 1e6 } },
            HeadlineMetric("latency_stddev_ms", .lowerIsBetter, .machineDependent) {
                $0.latency.standardDeviation.map { $0 / 1e6 }
            },
            HeadlineMetric("latency_rejected_samples", .lowerIsBetter, .exact) { Double($0.latency.rejected) },
        ]
    }()

    static let hops: [HeadlineMetric] = HopHistograms().named.flatMap { hop in
        [50.0, 99.0].map { percent in
            let label = Percentile(percent).label
            return HeadlineMetric("\(hop.name)_\(label)_ms", .lowerIsBetter, .machineDependent) { result in
                let histogram = result.hops.named.first { $0.name == hop.name }!.histogram
                return milliseconds(histogram.value(atPercent: percent))
            }
        }
    }

    static let appServer: [HeadlineMetric] = [
        HeadlineMetric("app_cpu_seconds", .lowerIsBetter, .machineDependent) { Double($0.appCPUNanoseconds) / 1e9 },
        HeadlineMetric("app_cpu_ms_per_upload", .lowerIsBetter, .normalised) {
            Double($0.appCPUNanoseconds) / 1e6 / Double($0.uploadsOK)
        },
        HeadlineMetric("app_cpu_seconds_per_gib", .lowerIsBetter, .normalised) {
            Double($0.appCPUNanoseconds) / 1e9 / (Double($0.bytesUploaded) / gibibyte)
        },
        HeadlineMetric("app_bytes_in", .lowerIsBetter, .exact) { Double($0.appTraffic.bytesIn.total) },
        HeadlineMetric("app_bytes_out", .lowerIsBetter, .exact) { Double($0.appTraffic.bytesOut.total) },
        HeadlineMetric("app_head_bytes_in", .lowerIsBetter, .exact) { Double($0.appTraffic.bytesIn.head) },
        HeadlineMetric("app_body_bytes_in", .lowerIsBetter, .exact) { Double($0.appTraffic.bytesIn.body) },
        HeadlineMetric("app_head_bytes_out", .lowerIsBetter, .exact) { Double($0.appTraffic.bytesOut.head) },
        HeadlineMetric("app_body_bytes_out", .lowerIsBetter, .exact) { Double($0.appTraffic.bytesOut.body) },
        HeadlineMetric("app_bytes_per_upload", .lowerIsBetter, .exact) {
            Double($0.appTraffic.bytesIn.total + $0.appTraffic.bytesOut.total) / Double($0.uploadsOK)
        },
        HeadlineMetric("app_bytes_per_uploaded_byte", .lowerIsBetter, .exact) {
            Double($0.appTraffic.bytesIn.total + $0.appTraffic.bytesOut.total) / Double($0.bytesUploaded)
        },
        HeadlineMetric("app_peak_buffered_bytes", .lowerIsBetter, .normalised) { Double($0.appPeakBufferedBytes) },
        HeadlineMetric("app_peak_rss_bytes", .lowerIsBetter, .machineDependent) { Double($0.appPeakRSSBytes) },
        HeadlineMetric("peak_open_connections", .lowerIsBetter, .machineDependent) { Double($0.peakOpenConnections) },
        HeadlineMetric("peak_requests_in_progress", .lowerIsBetter, .machineDependent) {
            $0.peakRequestsInProgress.map(Double.init)
        },
    ]

    static let harness: [HeadlineMetric] = [
        HeadlineMetric("s3_bytes_in", .lowerIsBetter, .exact) { $0.s3BytesIn.map(Double.init) },
        HeadlineMetric("s3_cpu_seconds", .lowerIsBetter, .machineDependent) { $0.s3CPUNanoseconds.map { Double($0) / 1e9 } },
        HeadlineMetric("load_generator_cpu_seconds", .lowerIsBetter, .machineDependent) {
            Double($0.loadGeneratorCPUNanoseconds) / 1e9
        },
        HeadlineMetric("network_cpu_seconds", .lowerIsBetter, .machineDependent) {
            Double($0.networkCPUNanoseconds) / 1e9
        },
        HeadlineMetric("harness_cpu_seconds", .lowerIsBetter, .machineDependent) {
            // The parts this runner can see: a real S3's CPU is not among them.
            Double(($0.s3CPUNanoseconds ?? 0) + $0.loadGeneratorCPUNanoseconds + $0.networkCPUNanoseconds) / 1e9
        },
    ]

    private static func seconds(_ nanoseconds: Int64) -> Double {
        Double(nanoseconds) / 1e9
    }

    private static func milliseconds(_ nanoseconds: Int64?) -> Double? {
        nanoseconds.map { Double($0) / 1e6 }
    }
}
