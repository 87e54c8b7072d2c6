// SPDX-License-Identifier: Apache-2.0

@testable import Runner
import Testing

@Suite struct AccessProbeTests {
    @Test func presignedURLsWorkAsIssuedAndAreRefusedForAnythingElse() {
        let checks = AccessProbe.run()
        #expect(checks.map(\.name) == [
            "URL used for another key", "URL used with another method (GET)", "URL used for another size",
            "URL with a tampered signature", "URL used as issued", "URL used after it expired",
        ])
        for check in checks {
            #expect(check.passed, "\(check.name): \(check.detail)")
        }
    }

    @Test func theErrorCodeIsReadFromAnS3ErrorBody() {
        let body = Array("<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>x</Message></Error>".utf8)
        #expect(S3ErrorCode.parse(body) == "AccessDenied")
        #expect(S3ErrorCode.parse(Array("not xml".utf8)) == nil)
    }
}
