// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Foundation
import SigV4
import Testing

@Suite struct CPUBurnTests {
    private static func threadCPUNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    @Test func theExperimentKnobBurnsAtLeastTheRequestedThreadCPU() {
        let before = Self.threadCPUNanoseconds()
        CPUBurn.spin(for: .milliseconds(20))
        #expect(Self.threadCPUNanoseconds() - before >= 20_000_000)
    }

    @Test func zeroBurnsNothingAndOverOneSecondIsRefused() throws {
        CPUBurn.spin(for: .zero)
        var configuration = AppServerConfiguration(
            endpoint: S3Endpoint(host: "127.0.0.1", port: 9000), bucket: "b",
            credentials: Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")
        )
        configuration.extraCPUPerUpload = .milliseconds(5)
        try configuration.validate()
        configuration.extraCPUPerUpload = .seconds(2)
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
    }
}
