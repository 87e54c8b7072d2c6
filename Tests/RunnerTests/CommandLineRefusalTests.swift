// SPDX-License-Identifier: Apache-2.0

import TestSupport
import Testing

/// Options the built binary refuses by name, with exit status 64, before it starts any work.
@Suite(.disabled(if: UploadBenchBinary.path == nil, "needs the built upload-bench binary"))
struct CommandLineRefusalTests {
    @Test func serveAppCapsThreadsAt64AsServeS3Does() throws {
        let result = try UploadBenchBinary.run(
            ["serve", "app", "--s3-endpoint", "http://127.0.0.1:1", "--bucket", "b", "--port", "0", "--threads", "65"],
            environment: ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret"], timeout: 20)
        #expect(result.status == 64)
        #expect(result.errorOutput.contains("--threads must be a whole number from 1 to 64; got '65'."),
                "stderr: \(result.errorOutput)")
    }

    @Test func runRefusesAnEmptyOutputDirectory() throws {
        let result = try UploadBenchBinary.run(["run", "--out", ""], timeout: 20)
        #expect(result.status == 64)
        #expect(result.errorOutput.contains("--out needs a directory path; it was empty."), "stderr: \(result.errorOutput)")
    }
}

/// `serve s3`'s fault rates are disjoint shares, so together they cannot pass 1.
@Suite(.disabled(if: UploadBenchBinary.path == nil, "needs the built upload-bench binary"))
struct ServeS3FaultRefusalTests {
    @Test func serveS3RefusesFaultRatesThatAddUpToMoreThanOne() throws {
        let result = try UploadBenchBinary.run(
            ["serve", "s3", "--port", "0", "--anonymous", "--slow-down-rate", "0.7", "--internal-error-rate", "0.2",
             "--reset-rate", "0.2"], timeout: 20)
        #expect(result.status == 64)
        #expect(result.errorOutput.contains(
            "--slow-down-rate, --internal-error-rate and --reset-rate add up to 1.1; they must add up to at most 1."),
                "stderr: \(result.errorOutput)")
    }
}

/// Whole-number options take digits only: `Int(String)` read `+16` and `-0`.
@Suite(.disabled(if: UploadBenchBinary.path == nil, "needs the built upload-bench binary"))
struct SignedWholeNumberRefusalTests {
    @Test(arguments: [
        (["serve", "s3", "--anonymous", "--port", "+0"], "--port must be a whole number from 0 to 65535; got '+0'."),
        (["serve", "s3", "--anonymous", "--port", "0", "--threads", "+2"], "--threads must be a whole number"),
        (["serve", "app", "--s3-endpoint", "http://127.0.0.1:9", "--bucket", "b", "--port", "-0"],
         "--port takes a number from 0 to 65535; got '-0'."),
        (["serve", "app", "--s3-endpoint", "http://127.0.0.1:9", "--bucket", "b", "--threads", "+2"],
         "--threads must be a whole number from 1 to 64; got '+2'."),
    ])
    func aSignIsRefused(arguments: [String], message: String) throws {
        let environment = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"]
        let result = try UploadBenchBinary.run(arguments, environment: environment, timeout: 20)
        #expect(result.status == 64, "stderr: \(result.errorOutput)")
        #expect(result.errorOutput.contains(message), "stderr: \(result.errorOutput)")
    }
}

/// Help texts that state what a command prints and how it exits, as the README does.
@Suite(.disabled(if: UploadBenchBinary.path == nil, "needs the built upload-bench binary"))
struct CommandHelpTests {
    /// `run` prints the path of report.md (not the run directory), and `latest` moves only without `--out`.
    @Test func runHelpSaysWhatItPrintsAndWhenLatestMoves() throws {
        let result = try UploadBenchBinary.run(["run", "--help"], timeout: 20)
        #expect(result.status == 0)
        let words = result.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("only the path of report.md is printed"), "help: \(result.output)")
        #expect(words.contains("without --out, also points results/<scenario>/latest at the run"), "help: \(result.output)")
        #expect(!result.output.contains("report directory is printed"))
    }

    /// A proxy/presigned ratio that moved beyond its threshold ("changed") also exits 1, and a
    /// threshold without % is a fraction.
    @Test func compareHelpStatesExitStatusAndThresholdForms() throws {
        let result = try UploadBenchBinary.run(["compare", "--help"], timeout: 20)
        #expect(result.status == 0)
        let words = result.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("1 regression (or a proxy/presigned ratio that changed beyond its threshold)"),
                "help: \(result.output)")
        // A bare number is a fraction (CompareOptions.parseThreshold), so the help must say so.
        #expect(words.contains("Without the % the number is a fraction from 0 to 1 (0.1 is 10%)"), "help: \(result.output)")
    }
}
