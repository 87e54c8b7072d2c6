// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Foundation
import MockS3
import Testing

/// 1 GiB through every proxy mode and every presign flow, generated while
/// sending (no file) into a mock S3 that keeps only sizes and digests.
@Suite(.serialized) struct LargeUploadTests {
    static let size: Int64 = 1 << 30
    static let partSize: Int64 = 64 << 20
    static let body = GeneratedBody(size: size)
    /// The client's MD5 and 64 MiB multipart ETag, computed once: every test sends the same bytes.
    static let expected: (md5Hex: String, multipartETag: String) = {
        let digest = BodyDigest(partSize: partSize)
        body.forEachChunk(in: 0..<size) { digest.update($0) }
        return digest.finish()
    }()

    /// Streams `range` of the body through `write`.
    static func send(_ range: Range<Int64>, _ write: (UnsafeRawBufferPointer) throws -> Void) throws {
        try body.forEachChunk(in: range) { try write($0) }
    }

    @Test(arguments: ProxyMode.allCases)
    func oneGibibyteThroughTheProxy(mode: ProxyMode) throws {
        let fixture = try AppFixture(storage: .discard) {
            $0.mode = mode
            $0.partSize = Int(Self.partSize)
        }
        let answer = try RawHTTP.request(
            url: fixture.url("/upload/large.bin"), method: "PUT", headers: [("Content-Length", "\(Self.size)")]
        ) { write in try Self.send(0..<Self.size, write) }
        #expect(answer.status == 200, "\(answer.body)")
        let stored = try #require(fixture.stored("uploads/large.bin"))
        #expect(stored.size == Self.size)
        if mode == .multipart {
            #expect(stored.etag == Self.expected.multipartETag)
        } else {
            #expect(stored.md5Hex == Self.expected.md5Hex)
        }
    }

    @Test func oneGibibyteThroughAPresignedPut() throws {
        let fixture = try AppFixture(storage: .discard)
        let request = #"{"key":"large-put.bin","content_type":"application/octet-stream","size":\#(Self.size)}"#
        let presigned = try decode(API.PresignedPut.self, try postJSON(fixture, "/presign", request).body)
        let answer = try RawHTTP.request(url: presigned.url, method: "PUT", headers: presigned.headers.map { ($0.key, $0.value) }) {
            write in try Self.send(0..<Self.size, write)
        }
        #expect(answer.status == 200, "\(answer.body)")
        #expect(fixture.stored(presigned.key)?.md5Hex == Self.expected.md5Hex)
        #expect(fixture.app.snapshot().bytesRelayed < 64 * 1024)
    }

    @Test
    func oneGibibyteThroughAPresignedPost() throws {
        let fixture = try AppFixture(storage: .discard)
        let request = #"{"key":"large-post.bin","content_type":"application/octet-stream","size":\#(Self.size)}"#
        let presigned = try decode(API.PresignedPost.self, try postJSON(fixture, "/presign/post", request).body)
        let boundary = "upload-bench-boundary-7f3a"
        var preamble = ""
        for (name, value) in presigned.fields.sorted(by: { $0.key < $1.key }) {
            preamble += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        preamble += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"large.bin\"\r\n"
        preamble += "Content-Type: application/octet-stream\r\n\r\n"
        let ending = "\r\n--\(boundary)--\r\n"
        let length = Int64(preamble.utf8.count) + Self.size + Int64(ending.utf8.count)
        let headers = [("Content-Type", "multipart/form-data; boundary=\(boundary)"), ("Content-Length", "\(length)")]
        let answer = try RawHTTP.request(url: presigned.url, method: "POST", headers: headers) { write in
            try Array(preamble.utf8).withUnsafeBytes { try write($0) }
            try Self.send(0..<Self.size, write)
            try Array(ending.utf8).withUnsafeBytes { try write($0) }
        }
        #expect((200..<300).contains(answer.status), "\(answer.body)")
        #expect(fixture.stored(presigned.key)?.md5Hex == Self.expected.md5Hex)
    }

    @Test func oneGibibyteThroughPresignedMultipart() throws {
        let fixture = try AppFixture(storage: .discard)
        let partSize = Self.partSize
        let request = #"{"key":"large-parts.bin","size":\#(Self.size),"part_size":\#(partSize),"urls":"upfront"}"#
        let created = try decode(API.MultipartCreated.self, try postJSON(fixture, "/multipart/create", request).body)
        var parts: [API.CompletedPart] = []
        for part in created.parts {
            let start = Int64(part.partNumber - 1) * partSize
            let range = start..<min(start + partSize, Self.size)
            let answer = try RawHTTP.request(url: part.url, method: "PUT", headers: [("Content-Length", "\(range.count)")]) {
                write in try Self.send(range, write)
            }
            #expect(answer.status == 200, "part \(part.partNumber): \(answer.body)")
            parts.append(API.CompletedPart(partNumber: part.partNumber, etag: answer.headers["etag"] ?? ""))
        }
        let complete = API.MultipartCompleteRequest(key: created.key, uploadID: created.uploadID, parts: parts)
        let completed = try postJSON(fixture, "/multipart/complete", String(decoding: API.encode(complete), as: UTF8.self))
        #expect(completed.status == 200, "\(completed.body)")
        let stored = try #require(fixture.stored(created.key))
        #expect(stored.size == Self.size)
        #expect(stored.etag == Self.expected.multipartETag)
        #expect(fixture.openUploads == 0)
    }
}
