// SPDX-License-Identifier: Apache-2.0

import MockS3
@testable import Runner
import TestSupport
import Testing

/// A scenario's `faults` travel to a mock S3 child as `serve s3` options.
@Suite struct ChildFaultArgumentsTests {
    @Test func noFaultsAddNoOptions() {
        #expect(ChildArguments.faultArguments(Faults()).isEmpty)
    }

    @Test func everyFaultBecomesItsOption() {
        var faults = Faults()
        faults.latency = .milliseconds(5)
        faults.bandwidthBytesPerSecond = 1_000_000
        faults.slowDownRate = 0.03
        faults.internalErrorRate = 0.02
        faults.resetRate = 0.01
        faults.resetAfterBytes = 262_144
        faults.requestTimeout = .milliseconds(10_500)
        faults.seed = 5
        #expect(ChildArguments.faultArguments(faults) == [
            "--latency", "5.0", "--bandwidth", "1000000", "--slow-down-rate", "0.03",
            "--internal-error-rate", "0.02", "--reset-rate", "0.01", "--reset-after", "262144",
            "--request-timeout", "10.5", "--fault-seed", "5",
        ])
    }

    // serve s3 reads plain decimals only; String(Double) wrote a 0.001% rate as "1e-05" and a 1ns latency as "1e-06".
    @Test func smallFaultsTravelAsPlainDecimals() {
        var faults = Faults()
        faults.latency = .nanoseconds(1)
        faults.slowDownRate = 0.00001
        faults.requestTimeout = .milliseconds(1)
        let arguments = ChildArguments.faultArguments(faults)
        #expect(Array(arguments.prefix(6)) == [
            "--latency", "0.000001", "--slow-down-rate", "0.00001", "--request-timeout", "0.001",
        ])
    }

    @Test(.disabled(if: UploadBenchBinary.path == nil, "needs the built upload-bench binary"),
          arguments: [
              (["--slow-down-rate", "2"], "--slow-down-rate must be a fraction from 0 to 1"),
              (["--reset-rate", "3%"], "--reset-rate must be a fraction from 0 to 1"),
              (["--latency", "-1"], "--latency must be a number of milliseconds from 0 to 600000; got '-1'."),
              // Double(String) read these as 16, 1.0 and NaN.
              (["--latency", "0x10"], "--latency must be a number of milliseconds from 0 to 600000; got '0x10'."),
              (["--latency", "1e0"], "--latency must be a number of milliseconds from 0 to 600000; got '1e0'."),
              (["--slow-down-rate", "nan"], "--slow-down-rate must be a fraction from 0 to 1"),
              (["--request-timeout", "0"], "--request-timeout must be a number of seconds from 0.001 to 86400; got '0'."),
              (["--request-timeout", "1e-12"], "--request-timeout must be a number of seconds from 0.001 to 86400"),
              (["--request-timeout", "0.0009"], "--request-timeout must be a number of seconds from 0.001 to 86400"),
              (["--bandwidth", "0"], "--bandwidth must be a whole number from 1"),
          ])
    func badFaultOptionsAreRefusedByName(options: [String], message: String) throws {
        let result = try UploadBenchBinary.run(["serve", "s3", "--anonymous", "--port", "0"] + options, timeout: 20)
        #expect(result.status == 64)
        #expect(result.errorOutput.contains(message), "stderr: \(result.errorOutput)")
    }
}
