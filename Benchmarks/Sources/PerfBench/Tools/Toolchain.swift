// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The programs the benchmark runs, found once at start.
struct Toolchain {
    /// `upload-bench`, built next to `perf-bench` (same package build).
    var uploadBench: String
    var nginx: String?
    var wrk: String?

    /// Looks next to this executable for upload-bench, then in PATH and /usr/sbin for nginx and wrk
    /// (`PERF_NGINX` and `PERF_WRK` override).
    static func find() throws -> Toolchain {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let environment = ProcessInfo.processInfo.environment
        let uploadBench = environment["PERF_UPLOAD_BENCH"] ?? own.appendingPathComponent("upload-bench").path
        guard FileManager.default.isExecutableFile(atPath: uploadBench) else {
            throw BenchError(
                "upload-bench is not built next to perf-bench (\(uploadBench)); "
                    + "run Benchmarks/perf, which builds both, or set PERF_UPLOAD_BENCH."
            )
        }
        return Toolchain(
            uploadBench: uploadBench,
            nginx: environment["PERF_NGINX"] ?? lookUp("nginx"),
            wrk: environment["PERF_WRK"] ?? lookUp("wrk")
        )
    }

    private static func lookUp(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin", "/sbin"]
        return directories.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
