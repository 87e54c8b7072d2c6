// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import SigV4
import Testing

/// The aws-c-auth v4 suite, sigv4-testsuite/aws-c-auth-v4: each case in a header and a query (presigned) variant.
@Suite struct AWSCAuthSuiteTests {
    static let folder = "sigv4-testsuite/aws-c-auth-v4"

    /// Cases whose expectations contradict S3's rules, by name, with the reason (both variants).
    static let notApplicable: [String: String] = [
        "get-relative-normalized": "normalises `/example/..` to `/`; S3 signs paths as sent",
        "get-relative-relative-normalized": "normalises `..` segments; S3 signs paths as sent",
        "get-slash-dot-slash-normalized": "normalises `/./` to `/`; S3 signs paths as sent",
        "get-slash-normalized": "collapses `//` to `/`; S3 keys may contain `//`",
        "get-slash-pointless-dot-normalized": "normalises `/./example`; S3 signs paths as sent",
        "get-slashes-normalized": "collapses `//example//`; S3 keys may contain `//`",
        "post-sts-header-after": "adds the session token after signing; S3 requires it inside the signature (FC-12)",
    ]

    struct Context: Decodable {
        struct Keys: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }

        var credentials: Keys
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var omit_session_token: Bool?
    }

    static let allCases = try! Vectors.folders(folder)
    static let applicableCases = allCases.filter { notApplicable[$0] == nil }

    func file(_ name: String, _ file: String) throws -> String {
        try Vectors.text("\(Self.folder)/\(name)/\(file)")
    }

    func load(_ name: String) throws -> (VectorRequest, Context, Signer) {
        let request = VectorRequest(try file(name, "request.txt"), fold: .continuation)
        let context = try JSONDecoder().decode(Context.self, from: try Vectors.data("\(Self.folder)/\(name)/context.json"))
        let credentials = Credentials(
            accessKeyID: context.credentials.access_key_id,
            secretAccessKey: context.credentials.secret_access_key,
            sessionToken: context.omit_session_token == true ? nil : context.credentials.token)
        return (request, context, Signer(credentials: credentials, region: context.region, service: context.service))
    }

    @Test func theSuiteHas38CasesOf31ApplyToS3() {
        #expect(Self.allCases.count == 38)
        #expect(Self.applicableCases.count == 31)
        #expect(Set(Self.notApplicable.keys).isSubset(of: Self.allCases))
    }

    @Test(arguments: applicableCases)
    func headerVariantMatches(name: String) throws {
        let (request, context, signer) = try load(name)
        let signed = signer.signHeaders(
            method: request.method, path: percentDecoded(request.path), query: request.queryParameters,
            headers: request.headers, payload: .sha256(Encoding.hex(Hash.sha256(request.body))),
            date: SuiteInputs.date, sendsContentSHA256: context.sign_body)
        #expect(signed.canonicalRequest.text == (try file(name, "header-canonical-request.txt")))
        #expect(signed.stringToSign == (try file(name, "header-string-to-sign.txt")))
        #expect(signed.signature == (try file(name, "header-signature.txt")))
    }

    @Test(arguments: applicableCases)
    func queryVariantMatches(name: String) throws {
        let (request, context, signer) = try load(name)
        let presigned = try signer.presign(
            method: request.method, host: request.header("Host")!, path: percentDecoded(request.path),
            query: request.queryParameters, headers: request.headers, expires: context.expiration_in_seconds,
            date: SuiteInputs.date, payloadHash: .sha256(Encoding.hex(Hash.sha256(request.body))))
        #expect(presigned.canonicalRequest.text == (try file(name, "query-canonical-request.txt")))
        #expect(presigned.stringToSign == (try file(name, "query-string-to-sign.txt")))
        #expect(presigned.signature == (try file(name, "query-signature.txt")))
    }

    @Test(arguments: applicableCases)
    func verifierCanonicalisesTheSignedHeaderRequestAsReceived(name: String) throws {
        let signedRequest = VectorRequest(try file(name, "header-signed-request.txt"), fold: .continuation)
        let expected = try file(name, "header-canonical-request.txt")
        #expect(try verifierCanonicalRequest(signedRequest, expected: expected) == expected)
    }

    @Test(arguments: applicableCases)
    func verifierCanonicalisesTheSignedQueryRequestAsReceived(name: String) throws {
        let signedRequest = VectorRequest(try file(name, "query-signed-request.txt"), fold: .continuation)
        let expected = try file(name, "query-canonical-request.txt")
        #expect(try verifierCanonicalRequest(signedRequest, expected: expected) == expected)
    }
}
