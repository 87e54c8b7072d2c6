// SPDX-License-Identifier: Apache-2.0

import Foundation
import SigV4
import Testing

/// Requests signed by `Signer` and accepted by `SignatureVerifier`.
@Suite struct RoundTripTests {
    static let credentials = Credentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let temporary = Credentials(
        accessKeyID: "ASIAEXAMPLE", secretAccessKey: "temporarySecret", sessionToken: "TOKEN")
    static let date = AMZDate.date(from: "20250101T120000Z")!
    static let host = "127.0.0.1:9000"

    static let verifier = SignatureVerifier(configuration: .init(region: "us-east-1")) { accessKeyID in
        switch accessKeyID {
        case credentials.accessKeyID: .init(secretAccessKey: credentials.secretAccessKey)
        case temporary.accessKeyID: .init(secretAccessKey: temporary.secretAccessKey, sessionToken: "TOKEN")
        default: nil
        }
    }

    static let keys = [
        "my file.txt", "a+b=c&d", "backup~1.txt", "100%.txt", "café.txt", "a//b/./../c", "a%2Fb.txt", "ab@cd",
        "emoji 🚀 ü", "?question#hash", "",
    ]

    @Test(arguments: keys)
    func presignedPutOfAnyKeyVerifies(key: String) throws {
        let presigned = try Signer(credentials: Self.credentials, region: "us-east-1").presign(
            method: "PUT", host: Self.host, path: "/example-bucket/\(key)",
            headers: [(name: "Content-Type", value: "image/png")], expires: 600, date: Self.date)
        let verified = try Self.verifier.verify(
            method: "PUT", target: presigned.pathAndQuery,
            headers: [(name: "Host", value: Self.host), (name: "Content-Type", value: "image/png")],
            now: Self.date.addingTimeInterval(30))
        #expect(verified.form == .query)
        #expect(verified.accessKeyID == "AKIDEXAMPLE")
        #expect(verified.signedHeaders == ["content-type", "host"])
        #expect(verified.payload == .unsigned)
        #expect(verified.expiresAt == Self.date.addingTimeInterval(600))
    }

    @Test(arguments: keys)
    func headerSignedPutOfAnyKeyVerifies(key: String) throws {
        let signed = Signer(credentials: Self.temporary, region: "us-east-1").signHeaders(
            method: "PUT", path: "/example-bucket/\(key)", query: [(name: "uploadId", value: "a b+c"), (name: "partNumber", value: "1")],
            headers: [(name: "Host", value: Self.host), (name: "x-amz-meta-note", value: "  two  spaces ")],
            payload: .sha256("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"), date: Self.date)
        let target = URIEncoding.encodePath("/example-bucket/\(key)") + "?partNumber=1&uploadId=a%20b%2Bc"
        let verified = try Self.verifier.verify(method: "PUT", target: target, headers: signed.headers, now: Self.date)
        #expect(verified.form == .header)
        #expect(verified.accessKeyID == "ASIAEXAMPLE")
        #expect(verified.payload == .sha256("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"))
    }
}
