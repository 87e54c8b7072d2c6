// SPDX-License-Identifier: Apache-2.0

import Digest
@testable import MockS3
import Testing

/// The streamed form parser gives the same parts whatever the read boundaries.
struct MultipartFormParserTests {
    /// Parts as (name, filename, data), from `body` fed in pieces of the given sizes.
    private func parse(_ body: [UInt8], boundary: String, pieces: [Int]) throws -> [String] {
        let parser = MultipartFormParser(boundary: boundary, maximumHeaderBytes: 20 * 1024)
        var parts: [String] = []
        var data: [UInt8] = []
        var offset = 0
        for size in pieces + [body.count] where offset < body.count {
            let end = min(body.count, offset + size)
            let piece = Array(body[offset..<end])
            try piece.withUnsafeBytes { bytes in
                try parser.feed(bytes) { event throws(S3Error) in
                    switch event {
                    case .partStart(let headers): parts.append("\(headers.name)|\(headers.filename ?? "-")")
                    case .data(let bytes): data += bytes
                    case .partEnd:
                        parts[parts.count - 1] += "|" + Encoding.hex(Hash.md5(data)) + "|\(data.count)"
                        data = []
                    }
                }
            }
            offset = end
        }
        try parser.finish()
        return parts
    }

    @Test func aBodySplitAtRandomPointsParsesAsAWholeOne() throws {
        // A file full of CR, LF and dashes: near-delimiters everywhere.
        var file: [UInt8] = []
        for index in 0..<5000 { file += index % 7 == 0 ? Array("\r\n--".utf8) : [UInt8(truncatingIfNeeded: index)] }
        let form = PostForm(
            fields: [("key", "a/${filename}"), ("x-amz-meta-empty", ""), ("policy", String(repeating: "p", count: 900))],
            file: file,
            after: [("late", "x")]
        )
        let body = form.body
        let whole = try parse(body, boundary: form.boundary, pieces: [body.count])
        #expect(whole.count == 5)
        #expect(whole[3] == "file|a.png|\(Encoding.hex(Hash.md5(file)))|\(file.count)")
        #expect(try parse(body, boundary: form.boundary, pieces: Array(repeating: 1, count: body.count)) == whole)
        var state: UInt64 = 42
        for _ in 0..<200 {
            let pieces = (0..<64).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int(state >> 33 % 97) + 1
            }
            #expect(try parse(body, boundary: form.boundary, pieces: pieces) == whole)
        }
    }

    @Test func aBodyWithoutItsClosingDelimiterIsMalformed() throws {
        let form = PostForm(fields: [("key", "k")], file: Array("abc".utf8))
        let body = Array(form.body.dropLast(4))
        #expect(throws: S3Error.self) { try parse(body, boundary: form.boundary, pieces: [body.count]) }
    }

    @Test func theBoundaryComesFromTheContentType() {
        #expect(MultipartFormParser.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartFormParser.boundary(contentType: #"Multipart/Form-Data; charset=utf-8; BOUNDARY="a b""#) == "a b")
        #expect(MultipartFormParser.boundary(contentType: "multipart/mixed; boundary=abc") == nil)
        #expect(MultipartFormParser.boundary(contentType: "multipart/form-data") == nil)
    }

    @Test func aFormDrivenOneByteAtATimeStoresTheSameObject() async throws {
        let fields = PostPolicyFixture.signedFields([("key", "split.bin")], conditions: [["key": "split.bin"]])
        let form = PostForm(fields: fields, file: Array("hello\r\n--world".utf8))
        var etags: [String] = []
        for chunkSize in [1, 7, 64 * 1024] {
            let driver = try Driver()
            let response = await driver.send(
                "POST", "/\(Fixture.bucket)", headers: [("Content-Type", form.contentType)], body: form.body, chunkSize: chunkSize
            )
            #expect(response.status == 204, "\(response.text)")
            etags.append(driver.stored("split.bin")?.etag ?? "none")
        }
        #expect(Set(etags) == ["\"\(Encoding.hex(Hash.md5(Array("hello\r\n--world".utf8))))\""])
    }
}
