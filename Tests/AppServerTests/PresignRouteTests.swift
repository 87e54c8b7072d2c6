// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Foundation
import Testing

@Suite(.serialized) struct PresignRouteTests {
    func post(_ fixture: AppFixture, _ path: String, _ json: String) throws -> (status: Int, body: String) {
        try curl(["-X", "POST", "-H", "Content-Type: application/json", "-d", json, fixture.url(path)])
    }

    @Test func multipartRoutesCreateCompleteConfirmAndAbortThroughS3() throws {
        let fixture = try AppFixture()
        let created = try post(fixture, "/multipart/create", #"{"key":"m.bin","size":11534336,"urls":"on_demand"}"#)
        #expect(created.status == 200, "\(created.body)")
        let answer = try decode(API.MultipartCreated.self, created.body)
        #expect(answer.partCount == 3 && answer.parts.isEmpty && answer.key == "uploads/m.bin")
        #expect(fixture.s3.openUploads == 1)
        let part = try post(fixture, "/multipart/part-url", #"{"key":"uploads/m.bin","upload_id":"\#(answer.uploadID)","part_number":2}"#)
        #expect(try decode(API.PartURLIssued.self, part.body).url.contains("partNumber=2&uploadId=\(answer.uploadID)"))

        // The fake S3 does not check part sizes; one part stands for the client's uploads.
        let url = try decode(API.PartURLIssued.self, part.body).url
        let file = try TestFile(size: 1000)
        #expect(try curl(["-T", file.path, url]).status == 200)
        let etag = "\"\(file.md5.map { String(format: "%02x", $0) }.joined())\""
        let parts = #"[{"part_number":2,"etag":"\#(etag.replacingOccurrences(of: "\"", with: "\\\""))"}]"#
        let completed = try post(fixture, "/multipart/complete", #"{"key":"uploads/m.bin","upload_id":"\#(answer.uploadID)","parts":\#(parts)}"#)
        #expect(completed.status == 200, "\(completed.body)")
        #expect(try decode(API.StoredObject.self, completed.body).size == 1000)
        #expect(fixture.s3.openUploads == 0)

        let confirmed = try post(fixture, "/uploads/confirm", #"{"key":"uploads/m.bin"}"#)
        #expect(try decode(API.StoredObject.self, confirmed.body).etag.hasSuffix("-1\""))
        #expect(try post(fixture, "/uploads/confirm", #"{"key":"uploads/none.bin"}"#).status == 404)

        let second = try decode(API.MultipartCreated.self, try post(fixture, "/multipart/create", #"{"key":"n.bin","size":10}"#).body)
        #expect(second.parts.count == 1)
        #expect(try post(fixture, "/multipart/abort", #"{"key":"uploads/n.bin","upload_id":"\#(second.uploadID)"}"#).status == 204)
        #expect(fixture.s3.openUploads == 0)
        #expect(try post(fixture, "/multipart/abort", #"{"key":"uploads/n.bin","upload_id":"\#(second.uploadID)"}"#).status == 502)
        #expect(fixture.app.snapshot().presignTime.count >= 5)
    }

    @Test func badJSONAndEscapingKeysAreRefused() throws {
        let fixture = try AppFixture()
        #expect(try post(fixture, "/presign", "{").status == 400)
        #expect(try post(fixture, "/presign", #"{"key":"../x","size":1}"#).body.contains("InvalidKey"))
        #expect(try post(fixture, "/uploads/confirm", #"{"key":"elsewhere/x"}"#).status == 400)
        #expect(try curl([fixture.url("/nothing")]).status == 404)
        #expect(fixture.s3.requests.isEmpty)
    }
}
