// SPDX-License-Identifier: Apache-2.0

import AppServer
import Foundation
import MockS3
import SigV4
import Testing
import TestSupport

/// Browser POST forms made by others against the mock: boto3's
/// `generate_presigned_post` (posted with requests) and the app server's `POST /presign/post`.
@Suite(.serialized) struct MockS3PostInteropTests {
    static let credentials = Credentials(
        accessKeyID: MockS3ClientInteropTests.accessKeyID, secretAccessKey: MockS3ClientInteropTests.secret
    )

    private func startMock() throws -> MockS3Server {
        var configuration = MockS3Server.Configuration()
        configuration.credentials = [Self.credentials]
        let server = try MockS3Server(configuration: configuration)
        try server.createBucket("bkt")
        try server.start()
        return server
    }

    @Test(.disabled(if: ProcessRunner.which("python3") == nil, "needs python3 with boto3 and requests"))
    func boto3PresignedPostFormsAreAcceptedAndTheirSizeLimitEnforced() throws {
        let server = try startMock()
        defer { server.shutdown(gracePeriod: .zero) }
        let result = try ProcessRunner.run(
            "python3", ["-c", Self.boto3Script],
            environment: MockS3ClientInteropTests.clientEnvironment(endpoint: "http://127.0.0.1:\(server.port)"),
            timeout: 120
        )
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.split(separator: "\n").last == "done", "\(result.output)")
        let object = try #require(server.object(bucket: "bkt", key: "forms/hello.txt"))
        #expect(object.md5Hex == "5d41402abc4b2a76b9719d911017c592")
        #expect(object.contentType == "text/plain")
        #expect(server.objects().count == 1)
        #expect(server.stats().errors["EntityTooLarge"] == 1)
    }

    /// Posts a boto3 form with requests (file part last), then one over its size limit.
    static let boto3Script = #"""
    import boto3, requests
    from botocore.config import Config
    c = boto3.client("s3", config=Config(signature_version="s3v4"))
    post = c.generate_presigned_post(
        "bkt", "forms/${filename}",
        Fields={"Content-Type": "text/plain"},
        Conditions=[{"Content-Type": "text/plain"}, ["starts-with", "$key", "forms/"], ["content-length-range", 1, 10]],
        ExpiresIn=300)
    ok = requests.post(post["url"], data=post["fields"], files={"file": ("hello.txt", b"hello")})
    assert ok.status_code == 204, (ok.status_code, ok.text)
    assert ok.headers["ETag"] == '"5d41402abc4b2a76b9719d911017c592"'
    big = requests.post(post["url"], data=post["fields"], files={"file": ("big.txt", b"x" * 11)})
    assert big.status_code == 400 and "<Code>EntityTooLarge</Code>" in big.text, big.text
    print("done")
    """#

    @Test(.disabled(if: ProcessRunner.which("curl") == nil, "needs curl"))
    func theAppServersPresignedPostFormIsAcceptedByTheMock() throws {
        let server = try startMock()
        defer { server.shutdown(gracePeriod: .zero) }
        let app = try AppServer(
            configuration: AppServerConfiguration(
                endpoint: S3Endpoint(host: "127.0.0.1", port: server.port), bucket: "bkt", credentials: Self.credentials
            )
        )
        try app.start()
        defer { app.shutdown(gracePeriod: .zero) }

        let presign = try ProcessRunner.run("curl", [
            "-sf", "-X", "POST", "-H", "Content-Type: application/json",
            "--data", #"{"key":"report.txt","content_type":"text/plain","size":5}"#,
            "http://127.0.0.1:\(app.port)/presign/post",
        ])
        #expect(presign.status == 0, "\(presign.errorOutput)")
        let form = try JSONDecoder().decode(API.PresignedPost.self, from: presign.standardOutput)
        let fields = form.fields.sorted { $0.key < $1.key }.flatMap { ["--form-string", "\($0.key)=\($0.value)"] }
        let upload = try ProcessRunner.run("curl", [
            "-s", "-o", "/dev/null", "-w", "%{http_code}",
        ] + fields + ["-F", "file=@-;filename=report.txt", form.url], input: Data("hello".utf8))
        #expect(upload.output == "204", "\(upload.output)")
        let object = try #require(server.object(bucket: "bkt", key: form.key))
        #expect(object.size == 5)
        #expect(object.contentType == "text/plain")

        // The policy pins the size: one more byte is refused and nothing changes.
        let larger = try ProcessRunner.run("curl", [
            "-s", "-o", "/dev/null", "-w", "%{http_code}",
        ] + fields + ["-F", "file=@-;filename=report.txt", form.url], input: Data("hello!".utf8))
        #expect(larger.output == "400")
        #expect(server.object(bucket: "bkt", key: form.key)?.size == 5)
    }
}
