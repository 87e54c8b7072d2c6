// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// The `upload-bench` executable built with the tests.
public enum UploadBenchBinary {
    /// Its path: `$UPLOAD_BENCH_BINARY` if set, else `upload-bench` in the build folder of the
    /// running test bundle (SwiftPM builds executables next to the test products).
    public static var path: String? {
        if let override = ProcessInfo.processInfo.environment["UPLOAD_BENCH_BINARY"] { return override }
        var candidates = [URL]()
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent())
        }
        // On Linux the test bundle is `<build>/upload-benchPackageTests.xctest`, itself an executable.
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for directory in candidates {
            var folder = directory
            // Walk up out of a bundle (`….xctest/Contents/MacOS` on Apple systems).
            for _ in 0..<4 {
                let binary = folder.appendingPathComponent("upload-bench").path
                if FileManager.default.isExecutableFile(atPath: binary) { return binary }
                folder.deleteLastPathComponent()
            }
        }
        return nil
    }

    /// Runs `upload-bench` with `arguments`.
    /// - Throws: `ProcessRunner.LaunchError` when the binary is not built.
    public static func run(
        _ arguments: [String],
        environment: [String: String]? = nil,
        timeout: TimeInterval = 60
    ) throws -> ProcessResult {
        guard let path else {
            throw ProcessRunner.LaunchError(
                description: "The upload-bench binary was not found; run `swift build` or set UPLOAD_BENCH_BINARY.")
        }
        return try ProcessRunner.run(path, arguments, environment: environment, timeout: timeout)
    }
}
