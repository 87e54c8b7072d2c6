// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
@testable import MockS3
import SigV4
import Testing
import TestSupport

/// Browser POST uploads over real sockets (curl): the stored object, every policy
/// refusal with nothing stored, split bodies, and a 64 MiB file streamed.
@Suite(.serialized, .disabled(if: ProcessRunner.which("curl") == nil, "needs curl"))
struct PostObjectTests {
    static let helloMD5 = "5d41402abc4b2a76b9719d911017c592"

    private func startServer(_ change: (inout MockS3Server.Configuration) -> Void = { _ in }) throws -> MockS3Server {
        let server = try MockS3Server(configuration: Fixture.configuration(change))
        try server.createBucket(Fixture.bucket)
        try server.start()
        return server
    }

    @Test func aValidFormIsStoredWithItsMD5AndAnsweredWithThePostResponseAndCORSHeaders() throws {
        let server = try startServer { $0.cors = .permissive }
        defer { server.shutdown(gracePeriod: .zero) }
        let fields = PostPolicyFixture.signedFields(
            [
                ("Key", "uploads/${filename}"), ("Content-Type", "image/png"), ("x-amz-meta-note", "hi"),
                ("acl", "public-read"), ("success_action_status", "201"),
            ],
            conditions: [
                ["bucket": Fixture.bucket], ["starts-with", "$key", "uploads/"], ["starts-with", "$content-type", "image/"],
                ["x-amz-meta-note": "hi"], ["acl": "public-read"], ["eq", "$success_action_status", "201"],
                ["content-length-range", 1, 10],
            ]
        )
        let form = PostForm(fields: fields, file: Fixture.hello, after: [("x-amz-meta-late", "after the file")])
        let base = "http://127.0.0.1:\(server.port)"
        let reply = try CurlReply.post(form, to: "\(base)/\(Fixture.bucket)", headers: ["Origin: https://app.example"])

        #expect(reply.status == 201, "\(reply.body)")
        #expect(reply.element("Key") == "uploads/a.png")
        #expect(reply.element("Bucket") == Fixture.bucket)
        #expect(reply.element("Location") == "\(base)/\(Fixture.bucket)/uploads/a.png")
        #expect(reply.element("ETag")?.contains(Self.helloMD5) == true)
        #expect(reply.header("ETag") == "\"\(Self.helloMD5)\"")
        #expect(reply.header("Access-Control-Allow-Origin") == "*")
        #expect(reply.header("Access-Control-Expose-Headers")?.contains("ETag") == true)
        let object = try #require(server.object(bucket: Fixture.bucket, key: "uploads/a.png"))
        #expect(object.md5Hex == Self.helloMD5)
        #expect(object.etag == "\"\(Self.helloMD5)\"")
        #expect(object.contentType == "image/png")
        #expect(object.acl == .publicRead)
        #expect(object.metadata.map(\.name) == ["x-amz-meta-note"])
        #expect(server.stats().requests["PostObject"] == 1)

        // Virtual-hosted `POST /`, the default 204, and a redirect.
        let plain = PostPolicyFixture.signedFields([("key", "v/${filename}")], conditions: [["starts-with", "$key", "v/"]])
        let hosted = try CurlReply.post(
            PostForm(fields: plain, filename: "b.txt", file: Fixture.hello),
            to: "\(base)/", headers: ["Host: \(Fixture.bucket).localhost:\(server.port)"]
        )
        #expect(hosted.status == 204, "\(hosted.body)")
        #expect(hosted.header("Location") == "http://\(Fixture.bucket).localhost:\(server.port)/v/b.txt")
        #expect(server.object(bucket: Fixture.bucket, key: "v/b.txt")?.size == 5)
        let redirectFields = PostPolicyFixture.signedFields(
            [("key", "r.txt"), ("success_action_redirect", "https://app.example/done")],
            conditions: [["key": "r.txt"], ["success_action_redirect": "https://app.example/done"]]
        )
        let redirected = try CurlReply.post(PostForm(fields: redirectFields, file: Fixture.hello), to: "\(base)/\(Fixture.bucket)")
        #expect(redirected.status == 303)
        #expect(redirected.header("Location") == "https://app.example/done?bucket=\(Fixture.bucket)&key=r.txt&etag=%22\(Self.helloMD5)%22")
    }

    /// One refused form: what to change from the valid base, and S3's answer.
    struct Refusal: CustomTestStringConvertible, Sendable {
        var label: String
        var status: Int
        var code: String
        var message: String? = nil
        var fields: [String: String] = [:]
        var form: @Sendable () -> PostForm

        var testDescription: String { label }
    }

    static var baseConditions: [Any] { [["bucket": Fixture.bucket], ["eq", "$key", "uploads/a.png"], ["content-length-range", 2, 8]] }

    static func base(
        file: [UInt8]? = Fixture.hello,
        fields: [(name: String, value: String)] = [("key", "uploads/a.png")],
        conditions: [Any] = baseConditions,
        expiration: Date = Fixture.now.addingTimeInterval(3600),
        credentials: Credentials = Fixture.credentials
    ) -> PostForm {
        PostForm(
            fields: PostPolicyFixture.signedFields(fields, conditions: conditions, expiration: expiration, credentials: credentials),
            file: file
        )
    }

    static let refusals: [Refusal] = [
        Refusal(label: "unknown access key", status: 403, code: "InvalidAccessKeyId", fields: ["AWSAccessKeyId": "AKIDUNKNOWN"]) {
            base(credentials: Credentials(accessKeyID: "AKIDUNKNOWN", secretAccessKey: "secret"))
        },
        Refusal(label: "tampered signature", status: 403, code: "SignatureDoesNotMatch") {
            var form = base()
            let index = form.fields.firstIndex { $0.name == "x-amz-signature" }!
            form.fields[index].value = String(repeating: "0", count: 64)
            return form
        },
        Refusal(label: "expired policy", status: 403, code: "AccessDenied", message: "Invalid according to Policy: Policy expired.") {
            base(expiration: Fixture.now.addingTimeInterval(-1))
        },
        Refusal(
            label: "other bucket", status: 403, code: "AccessDenied",
            message: #"Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "other-bucket"]"#
        ) {
            base(conditions: [["bucket": "other-bucket"], ["eq", "$key", "uploads/a.png"]])
        },
        Refusal(
            label: "other key", status: 403, code: "AccessDenied",
            message: #"Invalid according to Policy: Policy Condition failed: ["eq", "$key", "uploads/a.png"]"#
        ) {
            base(fields: [("key", "uploads/b.png")])
        },
        Refusal(
            label: "key prefix", status: 403, code: "AccessDenied",
            message: #"Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "private/"]"#
        ) {
            base(conditions: [["starts-with", "$key", "private/"]])
        },
        Refusal(
            label: "content type prefix", status: 403, code: "AccessDenied",
            message: #"Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]"#
        ) {
            base(
                fields: [("key", "uploads/a.png"), ("Content-Type", "text/plain")],
                conditions: baseConditions + [["starts-with", "$Content-Type", "image/"]]
            )
        },
        Refusal(
            label: "field not in the policy", status: 403, code: "AccessDenied",
            message: "Invalid according to Policy: Extra input fields: X-Amz-Meta-Extra"
        ) {
            base(fields: [("key", "uploads/a.png"), ("X-Amz-Meta-Extra", "1")])
        },
        Refusal(
            label: "file below the range", status: 400, code: "EntityTooSmall",
            fields: ["ProposedSize": "1", "MinSizeAllowed": "2"]
        ) {
            base(file: Array("h".utf8))
        },
        Refusal(
            label: "file above the range", status: 400, code: "EntityTooLarge",
            fields: ["ProposedSize": "20", "MaxSizeAllowed": "8"]
        ) {
            base(file: [UInt8](repeating: 65, count: 20))
        },
        Refusal(label: "fields before the file above the limit", status: 400, code: "MaxPostPreDataLengthExceededError") {
            base(fields: [("key", "uploads/a.png"), ("x-ignore-padding", String(repeating: "p", count: 25_000))])
        },
        Refusal(label: "no file", status: 400, code: "InvalidArgument", fields: ["ArgumentName": "file"]) {
            base(file: nil)
        },
    ]

    @Test(arguments: refusals)
    func aRefusedFormGetsS3sAnswerAndStoresNothing(_ refusal: Refusal) throws {
        let server = try startServer()
        defer { server.shutdown(gracePeriod: .zero) }
        let reply = try CurlReply.post(refusal.form(), to: "http://127.0.0.1:\(server.port)/\(Fixture.bucket)")
        #expect(reply.status == refusal.status, "\(reply.body)")
        #expect(reply.element("Code") == refusal.code)
        if let message = refusal.message { #expect(reply.element("Message") == XMLWriter.escape(message)) }
        for (name, value) in refusal.fields { #expect(reply.element(name) == value, "\(name)") }
        #expect(reply.element("RequestId") == reply.header("x-amz-request-id"))
        #expect(server.objects().isEmpty)
        #expect(server.stats().bytesStored == 0)
    }

    @Test func aFileAbove64MiBFromCurlFormStreamsWithBoundedBuffers() throws {
        let server = try startServer { $0.storage = .discard }
        defer { server.shutdown(gracePeriod: .zero) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("post-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let size = 64 << 20
        var hash = IncrementalHash(.md5)
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var block = [UInt8](repeating: 0, count: 1 << 20)
        for index in 0..<(size >> 20) {
            // Every block differs and CR LF bytes occur, so delimiter scanning is exercised.
            for offset in stride(from: 0, to: block.count, by: 97) { block[offset] = UInt8(truncatingIfNeeded: index &+ offset) }
            block.withUnsafeBytes { hash.update($0) }
            handle.write(Data(block))
        }
        try handle.close()
        let md5 = Encoding.hex(hash.finalize())

        let fields = PostPolicyFixture.signedFields(
            [("key", "big/${filename}")],
            conditions: [["starts-with", "$key", "big/"], ["content-length-range", 0, 100 << 20]]
        )
        let reply = try CurlReply.run(
            ["-H", "Expect:"] + fields.flatMap { ["--form-string", "\($0.name)=\($0.value)"] }
                + ["-F", "file=@\(path);filename=data.bin", "http://127.0.0.1:\(server.port)/\(Fixture.bucket)"]
        )
        #expect(reply.status == 204, "\(reply.body)")
        let object = try #require(server.object(bucket: Fixture.bucket, key: "big/data.bin"))
        #expect(object.size == Int64(size))
        #expect(object.md5Hex == md5)
        #expect(reply.header("ETag") == "\"\(md5)\"")
        let stats = server.stats()
        #expect(stats.md5Bytes == Int64(size))
        // The parser holds at most one read plus the fields: far below the file size.
        #expect(stats.postFormPeakBytes > 0)
        #expect(stats.postFormPeakBytes < 1 << 20)
    }
}
