// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import MockS3
import Testing

/// An S3 error without an error document (a HEAD has no body) is named by its
/// status, spelled as the load generator spells one: both land in the same
/// `error_codes` column, where `HTTP500` and `http_500` read as two errors.
@Suite(.serialized) struct BareStatusTests {
    @Test func aConfirmWhoseHeadFailsWithoutACodeNamesTheStatus() throws {
        let fixture = try AppFixture()
        var faults = Faults()
        faults.internalErrorRate = 1
        fixture.s3.setFaults(faults)
        let answer = try postJSON(fixture, "/uploads/confirm", #"{"key":"uploads/none.bin"}"#)
        #expect(answer.body.contains(#""error":"http_500""#), "\(answer.status) \(answer.body)")
        #expect(fixture.app.snapshot().errors["s3:http_500"] != nil, "\(fixture.app.snapshot().errors)")
    }
}
