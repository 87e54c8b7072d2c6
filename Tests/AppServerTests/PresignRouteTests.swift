// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Foundation
import Testing

@Suite(.serialized) struct PresignRouteTests {
    @Test func multipartRoutesCreateCompleteConfirmAndAbortThroughS3() throws {
        let fixture = try AppFixture()
        let created = try postJSON(fixture, "/multipart/create", #"{"key":"m.bin","size":11534336,"urls":"on_demand"}"#)
        #expect(created.status == 200, "\(created.body)")
        let answer = try decode(API.MultipartCreated.self, created.body)
        #expect(answer.partCount == 3 && answer.parts.isEmpty && answer.key == "uploads/m.bin")
        #expect(fixture.openUploads == 1)
        let part = try postJSON(fixture, "/multipart/part-url", #"{"key":"uploads/m.bin","upload_id":"\#(answer.uploadID)","part_number":2}"#)
        #expect(try decode(API.PartURLIssued.self, part.body).url.contains("partNumber=2&uploadId=\(answer.uploadID)"))

        // The fake S3 does not check part sizes; one part stands for the client's uploads.
        let url = try decode(API.PartURLIssued.self, part.body).url
        let file = try TestFile(size: 1000)
        #expect(try curl(["-T", file.path, url]).status == 200)
        let etag = "\"\(file.md5.map { String(format: "%02x", $0) }.joined())\""
        let parts = #"[{"part_number":2,"etag":"\#(etag.replacingOccurrences(of: "\"", with: "\\\""))"}]"#
        let completed = try postJSON(fixture, "/multipart/complete", #"{"key":"uploads/m.bin","upload_id":"\#(answer.uploadID)","parts":\#(parts)}"#)
        #expect(completed.status == 200, "\(completed.body)")
        #expect(try decode(API.StoredObject.self, completed.body).size == 1000)
        #expect(fixture.openUploads == 0)

        let confirmed = try postJSON(fixture, "/uploads/confirm", #"{"key":"uploads/m.bin"}"#)
        #expect(try decode(API.StoredObject.self, confirmed.body).etag.hasSuffix("-1\""))
        #expect(try postJSON(fixture, "/uploads/confirm", #"{"key":"uploads/none.bin"}"#).status == 404)

        let second = try decode(API.MultipartCreated.self, try postJSON(fixture, "/multipart/create", #"{"key":"n.bin","size":10}"#).body)
        #expect(second.parts.count == 1)
        #expect(try postJSON(fixture, "/multipart/abort", #"{"key":"uploads/n.bin","upload_id":"\#(second.uploadID)"}"#).status == 204)
        #expect(fixture.openUploads == 0)
        #expect(try postJSON(fixture, "/multipart/abort", #"{"key":"uploads/n.bin","upload_id":"\#(second.uploadID)"}"#).status == 502)
        #expect(fixture.app.snapshot().presignTime.count >= 5)
    }

    @Test func badJSONAndEscapingKeysAreRefused() throws {
        let fixture = try AppFixture()
        #expect(try postJSON(fixture, "/presign", "{").status == 400)
        #expect(try postJSON(fixture, "/presign", #"{"key":"../x","size":1}"#).body.contains("InvalidKey"))
        #expect(try postJSON(fixture, "/uploads/confirm", #"{"key":"elsewhere/x"}"#).status == 400)
        #expect(try curl([fixture.url("/nothing")]).status == 404)
        #expect(fixture.s3Requests == 0)
    }
}
