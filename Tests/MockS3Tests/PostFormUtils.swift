// SPDX-License-Identifier: Apache-2.0

import Foundation
import SigV4
import TestSupport

/// A browser POST form as bytes: fields, the `file` part, then fields S3 ignores.
struct PostForm {
    var fields: [(name: String, value: String)]
    var filename = "a.png"
    /// The file's bytes; nil leaves the file part out.
    var file: [UInt8]?
    var after: [(name: String, value: String)] = []
    var boundary = "----mocks3FormBoundary7MA4YWxk"

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    var body: [UInt8] {
        var body: [UInt8] = Array("preamble, ignored\r\n".utf8)
        func part(_ disposition: String, _ value: [UInt8]) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; \(disposition)\r\n\r\n".utf8)
            body += value
            body += Array("\r\n".utf8)
        }
        for field in fields { part("name=\"\(field.name)\"", Array(field.value.utf8)) }
        if let file { part("name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream", file) }
        for field in after { part("name=\"\(field.name)\"", Array(field.value.utf8)) }
        body += Array("--\(boundary)--\r\n".utf8)
        return body
    }
}

/// Signed POST policies with the field-case credentials.
enum PostPolicyFixture {
    /// The policy fields (`x-amz-*`, `policy`, `x-amz-signature`) after `fields`, for a
    /// policy with `conditions` plus the credential conditions S3 requires.
    static func signedFields(
        _ fields: [(name: String, value: String)],
        conditions: [Any],
        expiration: Date = Fixture.now.addingTimeInterval(3600),
        credentials: Credentials = Fixture.credentials,
        date: Date = Fixture.now
    ) -> [(name: String, value: String)] {
        let signer = Signer(credentials: credentials, region: "us-east-1")
        let (credential, amzDate) = signer.postPolicyCredential(at: date)
        var all = conditions
        all.append(["x-amz-algorithm": "AWS4-HMAC-SHA256"])
        all.append(["x-amz-credential": credential])
        all.append(["x-amz-date": amzDate])
        let formatter = ISO8601DateFormatter()
        let document: [String: Any] = ["expiration": formatter.string(from: expiration), "conditions": all]
        let json = try! JSONSerialization.data(withJSONObject: document)
        return fields + signer.signPostPolicy(json, date: date).fields
    }
}

/// An HTTP answer as curl printed it (`-i`), interim `100 Continue` answers skipped.
struct CurlReply {
    var status = 0
    var headers: [(name: String, value: String)] = []
    var body = ""

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The text of the first `<name>` element of the body.
    func element(_ name: String) -> String? {
        guard let start = body.range(of: "<\(name)>"), let end = body.range(of: "</\(name)>", range: start.upperBound..<body.endIndex) else {
            return nil
        }
        return String(body[start.upperBound..<end.lowerBound])
    }

    /// Runs curl with `arguments` (plus `-s -i`) and parses its output.
    static func run(_ arguments: [String], input: Data? = nil) throws -> CurlReply {
        let result = try ProcessRunner.run("curl", ["-s", "-i"] + arguments, input: input, timeout: 120)
        var text = result.output
        var reply = CurlReply()
        while let split = text.range(of: "\r\n\r\n") {
            let lines = text[..<split.lowerBound].split(separator: "\r\n")
            text = String(text[split.upperBound...])
            reply.status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
            reply.headers = lines.dropFirst().compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            if reply.status != 100 { break }
        }
        reply.body = text
        return reply
    }

    /// POSTs `form`'s bytes to `url` over a real socket.
    static func post(_ form: PostForm, to url: String, headers: [String] = []) throws -> CurlReply {
        let extra = headers.flatMap { ["-H", $0] }
        return try run(
            ["-X", "POST", "-H", "Expect:", "-H", "Content-Type: \(form.contentType)", "--data-binary", "@-"] + extra + [url],
            input: Data(form.body)
        )
    }
}
