// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Digest
import Foundation
import MockS3
import Testing

/// Presign, then send the bytes to the verifying mock S3 directly, then
/// complete or confirm through the app; the stored MD5 must be the client's.
@Suite(.serialized) struct PresignedFlowTests {
    static let sizes = [0, 1, 5 * mebibyte - 1, 5 * mebibyte, 64 * mebibyte]

    @Test func presignedPutStoresEverySizeIntact() throws {
        let fixture = try AppFixture()
        for size in Self.sizes {
            let file = try TestFile(size: size, seed: UInt64(size) + 11)
            let request = #"{"key":"put/\#(size).bin","content_type":"application/octet-stream","size":\#(size)}"#
            let presigned = try decode(API.PresignedPut.self, try postJSON(fixture, "/presign", request).body)
            let headers = presigned.headers.flatMap { ["-H", "\($0.key): \($0.value)"] }
            let put = try curl(["-X", "PUT", "-T", file.path] + headers + [presigned.url])
            #expect(put.status == 200, "size \(size): \(put.body)")
            try expectConfirmed(fixture, key: presigned.key, file: file)
        }
        #expect(fixture.app.snapshot().bytesRelayed < 64 * 1024)
    }

    @Test(.enabled(if: mockAcceptsBrowserPost, "the mock S3 does not accept browser POST uploads yet"))
    func presignedPostStoresEverySizeIntact() throws {
        let fixture = try AppFixture()
        for size in Self.sizes {
            let file = try TestFile(size: size, seed: UInt64(size) + 13)
            let request = #"{"key":"post/\#(size).bin","content_type":"application/octet-stream","size":\#(size)}"#
            let presigned = try decode(API.PresignedPost.self, try postJSON(fixture, "/presign/post", request).body)
            let fields = presigned.fields.sorted { $0.key < $1.key }.flatMap { ["--form-string", "\($0.key)=\($0.value)"] }
            let post = try curl(fields + ["-F", "file=@\(file.path)", presigned.url])
            #expect((200..<300).contains(post.status), "size \(size): \(post.body)")
            try expectConfirmed(fixture, key: presigned.key, file: file)
        }
    }

    @Test(arguments: [API.PartURLs.upfront, .onDemand])
    func presignedMultipartStoresEverySizeIntact(urls: API.PartURLs) throws {
        let fixture = try AppFixture()
        for size in Self.sizes {
            let file = try TestFile(size: size, seed: UInt64(size) + 17)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file.path)))
            let key = "parts/\(urls.rawValue)/\(size).bin"
            let request = #"{"key":"\#(key)","size":\#(size),"part_size":\#(5 * mebibyte),"urls":"\#(urls.rawValue)"}"#
            let created = try decode(API.MultipartCreated.self, try postJSON(fixture, "/multipart/create", request).body)
            var parts: [API.CompletedPart] = []
            for number in 1...created.partCount {
                let url = try partURL(fixture, created, number: number)
                let start = (number - 1) * created.partSize
                let part = bytes[start..<min(start + created.partSize, bytes.count)]
                let answer = try RawHTTP.request(url: url, method: "PUT", headers: [("Content-Length", "\(part.count)")]) { write in
                    try part.withUnsafeBytes { try write($0) }
                }
                #expect(answer.status == 200, "size \(size) part \(number): \(answer.body)")
                parts.append(API.CompletedPart(partNumber: number, etag: answer.headers["etag"] ?? ""))
            }
            let complete = API.MultipartCompleteRequest(key: created.key, uploadID: created.uploadID, parts: parts)
            let completed = try postJSON(fixture, "/multipart/complete", String(decoding: API.encode(complete), as: UTF8.self))
            #expect(completed.status == 200, "size \(size): \(completed.body)")
            #expect(try decode(API.StoredObject.self, completed.body).size == Int64(size))
            #expect(try fixture.storedMD5(created.key) == file.md5Hex, "size \(size)")
        }
        #expect(fixture.openUploads == 0)
    }

    private func partURL(_ fixture: AppFixture, _ created: API.MultipartCreated, number: Int) throws -> String {
        if let part = created.parts.first(where: { $0.partNumber == number }) { return part.url }
        let request = #"{"key":"\#(created.key)","upload_id":"\#(created.uploadID)","part_number":\#(number)}"#
        return try decode(API.PartURLIssued.self, try postJSON(fixture, "/multipart/part-url", request).body).url
    }

    private func expectConfirmed(_ fixture: AppFixture, key: String, file: TestFile) throws {
        let confirmed = try postJSON(fixture, "/uploads/confirm", #"{"key":"\#(key)"}"#)
        #expect(confirmed.status == 200, "\(confirmed.body)")
        let answer = try decode(API.StoredObject.self, confirmed.body)
        #expect(answer.size == Int64(file.size))
        #expect(answer.etag == "\"\(file.md5Hex)\"")
        #expect(try fixture.storedMD5(key) == file.md5Hex)
    }
}

/// Whether the embedded mock S3 serves browser POST uploads (it refused them
/// with `NotImplemented` while that feature was being added).
let mockAcceptsBrowserPost: Bool = {
    guard let fixture = try? AppFixture() else { return false }
    let answer = try? curl(["-F", "key=x", "-F", "file=@/dev/null", "http://127.0.0.1:\(fixture.s3.port)/\(AppFixture.bucket)"])
    return answer.map { !$0.body.contains("NotImplemented") } ?? false
}()
