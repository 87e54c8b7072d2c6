// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Foundation
import SigV4
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
        let again = try postJSON(fixture, "/multipart/abort", #"{"key":"uploads/n.bin","upload_id":"\#(second.uploadID)"}"#)
        #expect(again.status == 404 && again.body.contains(#""error":"NoSuchUpload""#), "\(again)")
        #expect(fixture.app.snapshot().presignTime.count >= 5)
    }

    @Test func unknownUploadIDsAndWrongPartsAreTheClientsFaultWithS3sCode() throws {
        let fixture = try AppFixture()
        let parts = #"[{"part_number":1,"etag":"\"0123456789abcdef0123456789abcdef\""}]"#
        let unknown = try postJSON(fixture, "/multipart/complete", #"{"key":"uploads/u.bin","upload_id":"NoSuchId","parts":\#(parts)}"#)
        #expect(unknown.status == 404, "\(unknown)")
        #expect(unknown.body.contains(#""error":"NoSuchUpload""#), "\(unknown)")
        let abort = try postJSON(fixture, "/multipart/abort", #"{"key":"uploads/u.bin","upload_id":"NoSuchId"}"#)
        #expect(abort.status == 404 && abort.body.contains(#""error":"NoSuchUpload""#), "\(abort)")

        // A real upload completed with an ETag no part has, then with the right one, then once more.
        let created = try decode(API.MultipartCreated.self, try postJSON(fixture, "/multipart/create", #"{"key":"w.bin","size":1000}"#).body)
        let file = try TestFile(size: 1000)
        #expect(try curl(["-T", file.path, created.parts[0].url]).status == 200)
        let complete = #"{"key":"uploads/w.bin","upload_id":"\#(created.uploadID)","parts":"#
        let wrong = try postJSON(fixture, "/multipart/complete", complete + parts + "}")
        #expect(wrong.status == 400 && wrong.body.contains(#""error":"InvalidPart""#), "\(wrong)")
        let right = #"[{"part_number":1,"etag":"\"\#(file.md5Hex)\""}]"#
        #expect(try postJSON(fixture, "/multipart/complete", complete + right + "}").status == 200)
        let finished = try postJSON(fixture, "/multipart/complete", complete + right + "}")
        #expect(finished.status == 404 && finished.body.contains(#""error":"NoSuchUpload""#), "\(finished)")
        #expect(fixture.app.snapshot().errors["NoSuchUpload"] == 3)
    }

    @Test func s3RefusingTheAppsCredentialsOrGoneStaysAGatewayError() throws {
        let denied = try AppFixture {
            $0.credentials = Credentials(accessKeyID: AppFixture.credentials.accessKeyID, secretAccessKey: "wrong")
        }
        let abort = #"{"key":"uploads/u.bin","upload_id":"NoSuchId"}"#
        let refused = try postJSON(denied, "/multipart/abort", abort)
        #expect(refused.status == 502 && refused.body.contains(#""error":"SignatureDoesNotMatch""#), "\(refused)")

        let fixture = try AppFixture()
        fixture.s3.shutdown(gracePeriod: .zero)
        let gone = try postJSON(fixture, "/multipart/abort", abort)
        #expect(gone.status == 502 && gone.body.contains(#""error":"UpstreamUnavailable""#), "\(gone)")
    }

    @Test func badJSONAndEscapingKeysAreRefused() throws {
        let fixture = try AppFixture()
        #expect(try postJSON(fixture, "/presign", "{").status == 400)
        #expect(try postJSON(fixture, "/presign", #"{"key":"../x","size":1}"#).body.contains("InvalidKey"))
        #expect(try postJSON(fixture, "/uploads/confirm", #"{"key":"elsewhere/x"}"#).status == 400)
        #expect(try curl([fixture.url("/nothing")]).status == 404)
        #expect(fixture.s3Requests == 0)
    }

    @Test func aJSONBodyOfTheWrongShapeGetsASentenceThatFitsIt() throws {
        let fixture = try AppFixture()
        for body in ["[]", "null"] {
            let refused = try postJSON(fixture, "/presign", body)
            // It read "The field '' has the wrong type."
            #expect(refused.status == 400 && refused.body.contains("The body is not a JSON object."), "\(body): \(refused.body)")
        }
        let fraction = try postJSON(fixture, "/presign", #"{"key":"a.txt","size":5.5}"#)
        #expect(fraction.status == 400 && fraction.body.contains("not a whole number in range"), "\(fraction.body)")
        let wrongType = try postJSON(fixture, "/presign", #"{"key":"a.txt","size":"5"}"#)
        #expect(wrongType.body.contains("The field 'size' has the wrong type."), "\(wrongType.body)")
    }

    @Test(arguments: ["/presign", "/multipart/complete"])
    func aJSONBodyDeclaredOverTheLimitIsRefusedBeforeAnyByteIsSent(path: String) throws {
        let fixture = try AppFixture()
        let declared = JSONRouteHandler.maxBodyBytes + 1
        let head = "POST \(path) HTTP/1.1\r\nHost: app\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(declared)\r\nExpect: 100-continue\r\n\r\n"
        // Nothing but the head is sent: the answer must come without the body.
        let answer = rawExchange(port: fixture.app.port, Array(head.utf8))
        #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
        #expect(!answer.contains("100 Continue"))
        #expect(answer.contains(#""error":"EntityTooLarge""#))
        #expect(try curl([fixture.url("/healthz")]).status == 200)
    }
}
