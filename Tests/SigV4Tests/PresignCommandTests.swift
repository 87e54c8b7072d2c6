// SPDX-License-Identifier: Apache-2.0

import Foundation
import SigV4
import Testing
import TestSupport

/// `upload-bench presign`, run as the built binary.
@Suite struct PresignCommandTests {
    /// An environment without AWS variables, so the machine's own settings cannot leak in.
    static let cleanEnvironment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }

    static let keys = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"]

    func presign(_ arguments: [String], environment: [String: String] = keys) throws -> ProcessResult {
        try UploadBenchBinary.run(
            ["presign"] + arguments, environment: Self.cleanEnvironment.merging(environment) { $1 })
    }

    @Test func reproducesTheS3DocumentationPresignedGetExactly() throws {
        let result = try presign([
            "--method", "GET", "--url", "https://examplebucket.s3.amazonaws.com/test.txt",
            "--expires", "86400", "--date", "20130524T000000Z", "--region", "us-east-1",
            "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-access-key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ], environment: [:])
        #expect(result.status == 0)
        #expect(result.errorOutput == "")
        #expect(result.output == "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404\n")
    }

    @Test func aURLFromTheEnvironmentVerifiesWithPortHeadersTokenAndQuery() throws {
        let result = try presign(
            [
                "--method", "PUT", "--url", "http://127.0.0.1:9000/example-bucket/my file+1.txt?partNumber=2&uploadId=U",
                "--date", "20250101T120000Z", "--expires", "600", "--header", "Content-Type: image/png",
            ],
            environment: Self.keys.merging(["AWS_SESSION_TOKEN": "TOKEN", "AWS_REGION": "eu-west-1"]) { $1 })
        #expect(result.status == 0)
        let url = result.output.trimmingCharacters(in: .newlines)
        #expect(url.hasPrefix("http://127.0.0.1:9000/example-bucket/my%20file%2B1.txt?"))

        let verifier = SignatureVerifier(configuration: .init(region: "eu-west-1")) { _ in
            .init(secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "TOKEN")
        }
        let target = String(url.dropFirst("http://127.0.0.1:9000".count))
        let verified = try verifier.verify(
            method: "PUT", target: target,
            headers: [(name: "Host", value: "127.0.0.1:9000"), (name: "Content-Type", value: "image/png")],
            now: AMZDate.date(from: "20250101T120500Z")!)
        #expect(verified.signedHeaders == ["content-type", "host"])
    }

    @Test func virtualHostedURLsSignTheHostWithoutADefaultPort() throws {
        let explicit = try presign(["--method", "GET", "--url", "https://bucket.s3.amazonaws.com:443/k", "--date", "20250101T120000Z"])
        let implicit = try presign(["--method", "GET", "--url", "https://bucket.s3.amazonaws.com/k", "--date", "20250101T120000Z"])
        #expect(explicit.status == 0)
        let signature = { (output: String) in output.split(separator: "=").last.map(String.init) }
        #expect(signature(explicit.output) == signature(implicit.output))
        #expect(explicit.output.hasPrefix("https://bucket.s3.amazonaws.com:443/k?"))
    }

    @Test(arguments: [
        (["--method", "PUT", "--url", "http://h/b/k", "--expires", "604801"],
         "--expires must be at most 604800 seconds (7 days); got 604801."),
        (["--method", "PUT", "--url", "http://h/b/k", "--expires", "soon"],
         "--expires must be a whole number of seconds; got 'soon'."),
        (["--method", "PUT", "--url", "s3://bucket/key"], "The URL must start with http:// or https://; got 's3://bucket/key'."),
        (["--method", "PUT", "--url", "http://h:port/b/k"], "The URL port must be a number from 1 to 65535; got 'port'."),
        (["--method", "PUT", "--url", "http://h/b/100%.txt"],
         "The URL path has a '%' that is not followed by two hex digits; write a literal '%' as %25."),
        (["--method", "PUT", "--url", "http://h/b/k", "--date", "2025-01-01"],
         "--date must look like 20130524T000000Z (UTC, to the second); got '2025-01-01'."),
        (["--method", "PUT", "--url", "http://h/b/k", "--verbose"],
         "Unknown option '--verbose'. Run `upload-bench presign --help` to see the options."),
        (["--method", "PUT", "--url", "http://h/b/k", "--header", "no colon"],
         "A --header must look like 'name: value'; got 'no colon'."),
        (["--url", "http://h/b/k"], "Pass the HTTP method with --method, for example --method PUT."),
        (["--method", "PUT", "--url", "http://h/b/k", "--header", "X-Amz-Meta-A: a\r\nX-Injected: b"],
         "A --header must not contain control characters such as CR or LF; got \"X-Amz-Meta-A: a\\r\\nX-Injected: b\"."),
        (["--method", "PUT", "--url", "http://h/b/k", "--header", "X-Amz-Meta-A: a\nb"],
         "A --header must not contain control characters such as CR or LF; got \"X-Amz-Meta-A: a\\nb\"."),
        (["--method", "PUT", "--url", "http://h/b/k", "--header", "Host:"],
         "'Host:' needs a value, as in --header 'Host: bucket.example.com'."),
        (["--method", "PUT", "--url", "http://h/b/k", "--header", "Host: a", "--header", "host: b"],
         "Pass 'Host: ...' at most once; it replaces the URL's host when signing."),
        // Decoded as text, %FF became U+FFFD and the URL named another key than the one written.
        (["--method", "PUT", "--url", "http://h/b/a%FFb"],
         "The URL path decodes to bytes that are not UTF-8; S3 keys are UTF-8 text."),
        (["--method", "GET", "--url", "http://h/b/k?prefix=%C3"], "The URL query decodes to bytes that are not UTF-8."),
    ])
    func badInputExitsNonZeroWithOneSentence(arguments: [String], sentence: String) throws {
        let result = try presign(arguments)
        #expect(result.status == 64)
        #expect(result.output == "")
        #expect(result.errorOutput == "upload-bench: \(sentence)\n")
    }

    @Test func aHostHeaderIsSignedInsteadOfTheURLsHost() throws {
        let result = try presign([
            "--method", "PUT", "--url", "http://127.0.0.1:9000/b/k", "--date", "20250101T120000Z",
            "--header", "Host: s3.example.com",
        ])
        #expect(result.status == 0)
        let url = result.output.trimmingCharacters(in: .newlines)
        #expect(url.hasPrefix("http://127.0.0.1:9000/b/k?"))
        let verifier = SignatureVerifier(configuration: .init(region: "us-east-1")) { _ in
            .init(secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        }
        let target = String(url.dropFirst("http://127.0.0.1:9000".count))
        let now = AMZDate.date(from: "20250101T120500Z")!
        let verified = try verifier.verify(
            method: "PUT", target: target, headers: [(name: "Host", value: "s3.example.com")], now: now)
        #expect(verified.signedHeaders == ["host"])
        #expect(throws: (any Error).self) {
            try verifier.verify(method: "PUT", target: target, headers: [(name: "Host", value: "127.0.0.1:9000")], now: now)
        }
    }

    @Test func missingCredentialsAreNamed() throws {
        let result = try presign(["--method", "PUT", "--url", "http://h/b/k"], environment: [:])
        #expect(result.status == 64)
        #expect(result.errorOutput == "upload-bench: No credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
            + "or pass both --access-key-id and --secret-access-key.\n")
    }

    @Test func helpListsOnlyCommandsThatAnswerTheirOwnHelp() throws {
        let help = try UploadBenchBinary.run(["--help"])
        #expect(help.status == 0)
        let commandList = help.output.components(separatedBy: "Commands:\n").last!.components(separatedBy: "\n\n")[0]
        let listed = commandList.split(separator: "\n").map { $0.split(separator: " ")[0] }
        #expect(listed.contains("presign"))
        for command in listed {
            let result = try UploadBenchBinary.run([String(command), "--help"])
            #expect(result.status == 0, "\(command) --help")
            #expect(!result.output.isEmpty)
        }
        let version = try UploadBenchBinary.run(["--version"])
        #expect(version.output.hasPrefix("upload-bench "))
        let unknown = try UploadBenchBinary.run(["frobnicate"])
        #expect(unknown.status == 64)
        #expect(unknown.errorOutput
            == "upload-bench: Unknown command 'frobnicate'. Run `upload-bench --help` to see the commands.\n")
    }
}
