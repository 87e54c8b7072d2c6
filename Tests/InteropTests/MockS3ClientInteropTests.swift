// SPDX-License-Identifier: Apache-2.0

import Foundation
import MockS3
import SigV4
import Testing
import TestSupport

/// Real clients against the mock: the aws CLI against `upload-bench serve s3`, and
/// boto3 (plus curl) against an in-process `MockS3Server`.
@Suite(.serialized) struct MockS3ClientInteropTests {
    static let accessKeyID = "AKIDEXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    /// The environment the Python clients run with: dummy credentials, no user config.
    static func clientEnvironment(endpoint: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ACCESS_KEY_ID"] = accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = secret
        environment["AWS_DEFAULT_REGION"] = "us-east-1"
        environment["AWS_ENDPOINT_URL"] = endpoint
        environment["AWS_CONFIG_FILE"] = "/dev/null"
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
        environment.removeValue(forKey: "AWS_SESSION_TOKEN")
        environment.removeValue(forKey: "AWS_PROFILE")
        return environment
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mocks3-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(.disabled(if: ProcessRunner.which("aws") == nil || UploadBenchBinary.path == nil, "needs the aws CLI and the built binary"))
    func awsCLIRunsBucketHousekeepingAndMultipartAgainstServeS3() throws {
        let served = try ServedS3.start()
        defer { served.stop() }
        let work = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let environment = Self.clientEnvironment(endpoint: served.endpoint)
        func aws(_ arguments: String...) throws -> ProcessResult {
            let result = try ProcessRunner.run("aws", ["--endpoint-url", served.endpoint] + arguments, environment: environment, timeout: 120)
            #expect(result.status == 0, "aws \(arguments.joined(separator: " ")): \(result.errorOutput)")
            return result
        }

        // 20 MB is above the CLI's 8 MiB multipart threshold: three parts.
        let big = work.appendingPathComponent("big.bin")
        let pattern = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let bytes = Array([[UInt8]](repeating: pattern, count: 20).joined())
        try Data(bytes).write(to: big)
        let folder = work.appendingPathComponent("folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for index in 1...50 {
            try Data("file \(index)\n".utf8).write(to: folder.appendingPathComponent("f\(index).txt"))
        }

        _ = try aws("s3", "mb", "s3://bkt")
        _ = try aws("s3", "cp", "--only-show-errors", big.path, "s3://bkt/big.bin")
        _ = try aws("s3", "sync", "--only-show-errors", folder.path, "s3://bkt/folder/")
        let listing = try aws("s3", "ls", "s3://bkt/folder/").output
        #expect(listing.split(separator: "\n").count == 50)
        let back = work.appendingPathComponent("back.bin")
        _ = try aws("s3", "cp", "--only-show-errors", "s3://bkt/big.bin", back.path)
        #expect(try Data(contentsOf: back) == Data(bytes))
        #expect(served.endpoint.hasPrefix("http://127.0.0.1:"))

        _ = try aws("s3", "rm", "--only-show-errors", "s3://bkt", "--recursive")
        _ = try aws("s3", "cp", "--only-show-errors", big.path, "s3://bkt/again.bin")
        _ = try aws("s3", "rb", "s3://bkt", "--force")
        #expect(!(try aws("s3", "ls").output.contains("bkt")))
    }

    @Test(.disabled(if: ProcessRunner.which("python3") == nil || ProcessRunner.which("curl") == nil, "needs python3 with boto3, and curl"))
    func boto3PresignsUploadsAndEmptiesBucketsAgainstTheMock() throws {
        var configuration = MockS3Server.Configuration()
        configuration.credentials = [Credentials(accessKeyID: Self.accessKeyID, secretAccessKey: Self.secret)]
        let server = try MockS3Server(configuration: configuration)
        let port = try server.start()
        defer { server.shutdown() }
        let work = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        try Data((0..<12_000_000).map { UInt8(truncatingIfNeeded: $0 * 7) }).write(to: work.appendingPathComponent("big.bin"))

        let result = try ProcessRunner.run(
            "python3", ["-c", Self.boto3Script, work.appendingPathComponent("big.bin").path],
            environment: Self.clientEnvironment(endpoint: "http://127.0.0.1:\(port)"),
            timeout: 120
        )
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.split(separator: "\n").last == "done", "\(result.output)")
        #expect(server.buckets().isEmpty)
        #expect(server.openMultipartUploadCount() == 0)
        #expect(server.stats().requests["CompleteMultipartUpload"] == 1)
        #expect(server.stats().requests["DeleteObjects", default: 0] >= 2)
    }

    /// Each step asserts; the last line is `done`. SigV4 is asked for explicitly: boto3
    /// still presigns S3 URLs with SigV2 by default, which the mock refuses as S3 regions
    /// without SigV2 do (InvalidRequest).
    static let boto3Script = #"""
    import sys, subprocess, urllib.request, urllib.error
    import boto3
    from boto3.s3.transfer import TransferConfig
    from botocore.config import Config
    s3 = boto3.resource("s3", config=Config(signature_version="s3v4"))
    c = s3.meta.client
    c.create_bucket(Bucket="bkt")
    c.put_object(Bucket="bkt", Key="a/hello.txt", Body=b"hello")
    assert c.get_object(Bucket="bkt", Key="a/hello.txt")["Body"].read() == b"hello"
    assert c.head_object(Bucket="bkt", Key="a/hello.txt")["ETag"] == '"5d41402abc4b2a76b9719d911017c592"'
    put = c.generate_presigned_url("put_object", Params={"Bucket": "bkt", "Key": "pre.txt"}, ExpiresIn=300)
    urllib.request.urlopen(urllib.request.Request(put, data=b"presigned", method="PUT")).read()
    get = c.generate_presigned_url("get_object", Params={"Bucket": "bkt", "Key": "pre.txt"}, ExpiresIn=300)
    assert urllib.request.urlopen(get).read() == b"presigned"
    via_curl = c.generate_presigned_url("put_object", Params={"Bucket": "bkt", "Key": "curl.txt"}, ExpiresIn=300)
    assert subprocess.run(["curl", "-sf", "-X", "PUT", "--data-binary", "via curl", via_curl]).returncode == 0
    assert c.get_object(Bucket="bkt", Key="curl.txt")["Body"].read() == b"via curl"
    tampered = via_curl.replace("curl.txt", "other.txt")
    try:
        urllib.request.urlopen(urllib.request.Request(tampered, data=b"x", method="PUT"))
        raise SystemExit("tampered URL accepted")
    except urllib.error.HTTPError as error:
        assert error.code == 403 and b"SignatureDoesNotMatch" in error.read()
    bucket = s3.Bucket("bkt")
    bucket.upload_file(sys.argv[1], "multi.bin", Config=TransferConfig(multipart_threshold=5 << 20, multipart_chunksize=5 << 20))
    assert c.head_object(Bucket="bkt", Key="multi.bin")["ETag"].endswith('-3"')
    for index in range(30):
        c.put_object(Bucket="bkt", Key=f"many/{index}", Body=b"x")
    assert len(list(bucket.objects.all())) == 34
    bucket.objects.all().delete()
    assert len(list(bucket.objects.all())) == 0
    for index in range(5):
        c.put_object(Bucket="bkt", Key=f"v/{index}", Body=b"x")
    versions = list(bucket.object_versions.all())
    assert len(versions) == 5 and all(v.id == "null" for v in versions)
    bucket.object_versions.all().delete()
    assert len(list(bucket.objects.all())) == 0
    bucket.delete()
    print("done")
    """#
}

/// `upload-bench serve s3` as a child process, stopped by `stop()` (also on failure, via `defer`).
private final class ServedS3 {
    let process: Process
    let endpoint: String

    private init(process: Process, endpoint: String) {
        self.process = process
        self.endpoint = endpoint
    }

    static func start() throws -> ServedS3 {
        guard let binary = UploadBenchBinary.path else {
            throw ServeError(description: "upload-bench is not built")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "s3", "--port", "0", "--access-key-id", MockS3ClientInteropTests.accessKeyID,
                             "--secret-access-key", MockS3ClientInteropTests.secret]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line is the contract: `listening on http://HOST:PORT`.
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on http://") else {
            process.terminate()
            throw ServeError(description: "serve s3 printed '\(text)' first")
        }
        return ServedS3(process: process, endpoint: String(text.dropFirst("listening on ".count)))
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

private struct ServeError: Error, CustomStringConvertible {
    var description: String
}
