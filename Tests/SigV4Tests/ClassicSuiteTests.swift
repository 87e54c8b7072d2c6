// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import SigV4
import Testing

/// The classic AWS SigV4 test suite (header signing only), sigv4-testsuite/classic.
@Suite struct ClassicSuiteTests {
    static let folder = "sigv4-testsuite/classic"

    /// Cases whose expectations contradict S3's rules, by name, with the reason.
    static let notApplicable: [String: String] = [
        "normalize-path/get-relative": "expects `/example/..` normalised to `/`; S3 signs paths as sent",
        "normalize-path/get-relative-relative": "expects `..` segments removed; S3 signs paths as sent",
        "normalize-path/get-slash": "expects `//` collapsed to `/`; S3 keys may contain `//`",
        "normalize-path/get-slash-dot-slash": "expects `/./` normalised to `/`; S3 signs paths as sent",
        "normalize-path/get-slash-pointless-dot": "expects `/./example` normalised; S3 signs paths as sent",
        "normalize-path/get-slashes": "expects `//example//` collapsed; S3 keys may contain `//`",
        "post-sts-token/post-sts-header-after":
            "adds the session token after signing; S3 requires it inside the signature (FC-12)",
    ]

    /// Every case folder (groups such as `normalize-path/` expanded), sorted.
    static let allCases: [String] = {
        var cases = [String]()
        for name in try! Vectors.folders(folder) {
            let inner = try! Vectors.folders("\(folder)/\(name)")
            cases += inner.isEmpty ? [name] : inner.map { "\(name)/\($0)" }
        }
        return cases
    }()

    static let applicableCases = allCases.filter { notApplicable[$0] == nil }

    func file(_ name: String, _ suffix: String) throws -> String {
        let base = name.split(separator: "/").last!
        return try Vectors.text("\(Self.folder)/\(name)/\(base).\(suffix)")
    }

    @Test func theSuiteHas31CasesOf24ApplyToS3() {
        #expect(Self.allCases.count == 31)
        #expect(Self.applicableCases.count == 24)
        #expect(Set(Self.notApplicable.keys).isSubset(of: Self.allCases))
    }

    @Test(arguments: applicableCases)
    func signerReproducesCanonicalRequestStringToSignAndAuthorization(name: String) throws {
        let request = VectorRequest(try file(name, "req"), fold: .repeatedHeader)
        let signed = Signer(credentials: SuiteInputs.credentials, region: SuiteInputs.region, service: SuiteInputs.service)
            .signHeaders(
                method: request.method, path: percentDecoded(request.path), query: request.queryParameters,
                headers: request.headers, payload: .sha256(Encoding.hex(Hash.sha256(request.body))),
                date: SuiteInputs.date, sendsContentSHA256: false)
        #expect(signed.canonicalRequest.text == (try file(name, "creq")))
        #expect(signed.stringToSign == (try file(name, "sts")))
        #expect(signed.headers.last!.value == (try file(name, "authz")))
    }

    @Test(arguments: applicableCases)
    func verifierCanonicalisesTheSignedRequestAsReceived(name: String) throws {
        let request = VectorRequest(try file(name, "sreq"), fold: .repeatedHeader)
        let expected = try file(name, "creq")
        #expect(try verifierCanonicalRequest(request, expected: expected) == expected)
    }

    @Test(arguments: notApplicable.keys.filter { $0.hasPrefix("normalize-path/") }.sorted())
    func pathsAreSignedAsSentNotNormalised(name: String) throws {
        let request = VectorRequest(try file(name, "req"), fold: .repeatedHeader)
        let signed = Signer(credentials: SuiteInputs.credentials, region: SuiteInputs.region, service: SuiteInputs.service)
            .signHeaders(
                method: request.method, path: String(request.path), headers: request.headers,
                payload: .empty, date: SuiteInputs.date, sendsContentSHA256: false)
        #expect(signed.canonicalRequest.uri == String(request.path))
        #expect(signed.canonicalRequest.text != (try file(name, "creq")))
    }
}
