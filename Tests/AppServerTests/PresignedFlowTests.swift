// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Digest
import Foundation
import MockS3
import Testing

/// Presign, then send the bytes to the verifying mock S3 directly, then
/// complete or confirm through the app; the stored MD5 must be the client's.
@Suite(.serialized) struct PresignedFlowTests {
    enum Flow: String, CaseIterable {
        case put, post, upfrontParts, onDemandParts
    }

    static let sizes = [0, 1, 5 * mebibyte - 1, 5 * mebibyte, 64 * mebibyte]

    @Test(arguments: Flow.allCases)
    func everySizeIsStoredIntact(flow: Flow) throws {
        let fixture = try AppFixture()
        for size in Self.sizes {
            let file = try TestFile(size: size, seed: UInt64(size) + 11)
            let key = try upload(file, as: "\(flow.rawValue)/\(size).bin", flow: flow, through: fixture)
            #expect(try fixture.storedMD5(key) == file.md5Hex, "\(flow) size \(size)")
        }
        #expect(fixture.openUploads == 0)
    }

    @Test(arguments: Flow.allCases)
    func theAppRelaysUnderOnePercentOfTheUploadedBytes(flow: Flow) throws {
        let fixture = try AppFixture(storage: .discard)
        let file = try TestFile(size: 11 * mebibyte)
        _ = try upload(file, as: "ratio.bin", flow: flow, through: fixture)
        let ratio = Double(fixture.app.snapshot().bytesRelayed) / Double(file.size)
        print("app bytes per uploaded byte, presigned \(flow.rawValue) with confirm or complete, 11 MiB: \(ratio)")
        #expect(ratio < 0.01)
    }

    /// Runs one whole flow for `file` and returns the full key it was stored under.
    private func upload(_ file: TestFile, as key: String, flow: Flow, through fixture: AppFixture) throws -> String {
        let request = #"{"key":"\#(key)","content_type":"application/octet-stream","size":\#(file.size)}"#
        switch flow {
        case .put:
            let presigned = try decode(API.PresignedPut.self, try postJSON(fixture, "/presign", request).body)
            let headers = presigned.headers.flatMap { ["-H", "\($0.key): \($0.value)"] }
            let put = try curl(["-X", "PUT", "-T", file.path] + headers + [presigned.url])
            #expect(put.status == 200, "\(key): \(put.body)")
            return try confirm(presigned.key, file: file, through: fixture)
        case .post:
            let presigned = try decode(API.PresignedPost.self, try postJSON(fixture, "/presign/post", request).body)
            let fields = presigned.fields.sorted { $0.key < $1.key }.flatMap { ["--form-string", "\($0.key)=\($0.value)"] }
            let post = try curl(fields + ["-F", "file=@\(file.path)", presigned.url])
            #expect((200..<300).contains(post.status), "\(key): \(post.body)")
            return try confirm(presigned.key, file: file, through: fixture)
        case .upfrontParts, .onDemandParts:
            let urls = flow == .upfrontParts ? "upfront" : "on_demand"
            let create = #"{"key":"\#(key)","size":\#(file.size),"part_size":\#(5 * mebibyte),"urls":"\#(urls)"}"#
            let created = try decode(API.MultipartCreated.self, try postJSON(fixture, "/multipart/create", create).body)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file.path)))
            var parts: [API.CompletedPart] = []
            for number in 1...created.partCount {
                let start = (number - 1) * created.partSize
                let part = bytes[start..<min(start + created.partSize, bytes.count)]
                let url = try partURL(fixture, created, number: number)
                let answer = try RawHTTP.request(url: url, method: "PUT", headers: [("Content-Length", "\(part.count)")]) { write in
                    try part.withUnsafeBytes { try write($0) }
                }
                #expect(answer.status == 200, "\(key) part \(number): \(answer.body)")
                parts.append(API.CompletedPart(partNumber: number, etag: answer.headers["etag"] ?? ""))
            }
            let complete = API.MultipartCompleteRequest(key: created.key, uploadID: created.uploadID, parts: parts)
            let completed = try postJSON(fixture, "/multipart/complete", String(decoding: API.encode(complete), as: UTF8.self))
            #expect(completed.status == 200, "\(key): \(completed.body)")
            #expect(try decode(API.StoredObject.self, completed.body).size == Int64(file.size))
            return created.key
        }
    }

    private func partURL(_ fixture: AppFixture, _ created: API.MultipartCreated, number: Int) throws -> String {
        if let part = created.parts.first(where: { $0.partNumber == number }) { return part.url }
        let request = #"{"key":"\#(created.key)","upload_id":"\#(created.uploadID)","part_number":\#(number)}"#
        return try decode(API.PartURLIssued.self, try postJSON(fixture, "/multipart/part-url", request).body).url
    }

    private func confirm(_ key: String, file: TestFile, through fixture: AppFixture) throws -> String {
        let confirmed = try postJSON(fixture, "/uploads/confirm", #"{"key":"\#(key)"}"#)
        #expect(confirmed.status == 200, "\(confirmed.body)")
        let answer = try decode(API.StoredObject.self, confirmed.body)
        #expect(answer.size == Int64(file.size))
        #expect(answer.etag == "\"\(file.md5Hex)\"")
        return key
    }
}
