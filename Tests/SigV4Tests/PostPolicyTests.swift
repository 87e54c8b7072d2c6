// SPDX-License-Identifier: Apache-2.0

import Foundation
import SigV4
import Testing

/// Browser POST forms: `Signer.signPostPolicy` and `SignatureVerifier.verifyPostPolicy`.
@Suite struct PostPolicyTests {
    typealias F = VerifierFixture
    let fixture = VerifierFixture()

    func policy(_ credentials: Credentials = F.credentials, expiration: String = "2025-01-01T12:10:00.000Z") -> [UInt8] {
        let (credential, amzDate) = F.signer(credentials).postPolicyCredential(at: F.t0)
        return Array("""
            {"expiration": "\(expiration)", "conditions": [{"bucket": "example-bucket"}, \
            ["eq", "$key", "uploads/a.png"], {"x-amz-credential": "\(credential)"}, \
            {"x-amz-algorithm": "AWS4-HMAC-SHA256"}, {"x-amz-date": "\(amzDate)"}, ["content-length-range", 5, 5]]}
            """.utf8)
    }

    @Test func aSignedFormVerifiesAndHandsBackThePolicy() throws {
        let signed = F.signer().signPostPolicy(policy(), date: F.t0)
        #expect(signed.fields.map(\.name)
            == ["x-amz-algorithm", "x-amz-credential", "x-amz-date", "policy", "x-amz-signature"])
        #expect(signed.credential == "AKIDEXAMPLE/20250101/us-east-1/s3/aws4_request")
        // Form field names are case-insensitive.
        let fields = [(name: "key", value: "uploads/a.png")] + signed.fields.map { (name: $0.name.uppercased(), value: $0.value) }
        let verified = try fixture.verifier.verifyPostPolicy(fields: fields, now: F.t0)
        #expect(verified.accessKeyID == "AKIDEXAMPLE")
        #expect(verified.policyJSON == policy())
        #expect(verified.expiration == F.t0.addingTimeInterval(600))
    }

    @Test func aTemporaryKeySendsItsTokenAsAField() throws {
        let signed = F.signer(F.temporary).signPostPolicy(policy(F.temporary), date: F.t0)
        #expect(signed.fields.contains { $0.name == "x-amz-security-token" && $0.value == "TOKEN" })
        _ = try fixture.verifier.verifyPostPolicy(fields: signed.fields, now: F.t0)

        let withoutToken = signed.fields.filter { $0.name != "x-amz-security-token" }
        #expect(throws: VerificationError.self) { try fixture.verifier.verifyPostPolicy(fields: withoutToken, now: F.t0) }
    }

    @Test func aChangedPolicyIsSignatureDoesNotMatch() throws {
        let signed = F.signer().signPostPolicy(policy(), date: F.t0)
        let other = F.signer().signPostPolicy(policy(expiration: "2030-01-01T00:00:00Z"), date: F.t0)
        let fields = signed.fields.map { $0.name == "policy" ? (name: "policy", value: other.policy) : $0 }
        do {
            _ = try fixture.verifier.verifyPostPolicy(fields: fields, now: F.t0)
            Issue.record("a changed policy was accepted")
        } catch {
            #expect(error.s3Code == "SignatureDoesNotMatch")
            #expect(error.field("StringToSign") == other.policy)
            #expect(error.field("CanonicalRequest") == nil)
        }
    }

    @Test func anExpiredPolicyIsRefused() throws {
        let signed = F.signer().signPostPolicy(policy(), date: F.t0)
        _ = try fixture.verifier.verifyPostPolicy(fields: signed.fields, now: F.t0.addingTimeInterval(600))
        do {
            _ = try fixture.verifier.verifyPostPolicy(fields: signed.fields, now: F.t0.addingTimeInterval(601))
            Issue.record("an expired policy was accepted")
        } catch {
            #expect(error.s3Code == "AccessDenied")
            #expect(error.message == "Invalid according to Policy: Policy expired.")
        }
    }

    @Test(arguments: ["policy", "x-amz-signature", "x-amz-credential", "x-amz-date", "x-amz-algorithm"])
    func aMissingFieldIsNamed(name: String) throws {
        let fields = F.signer().signPostPolicy(policy(), date: F.t0).fields.filter { $0.name != name }
        do {
            _ = try fixture.verifier.verifyPostPolicy(fields: fields, now: F.t0)
            Issue.record("accepted without \(name)")
        } catch {
            #expect(error.s3Code == "InvalidArgument")
            #expect(error.message
                == "Bucket POST must contain a field named '\(name)'.  If it is specified, please check the order of the fields.")
            #expect(error.field("ArgumentName") == name)
        }
    }

    @Test func aPolicyWithoutExpirationIsInvalid() throws {
        let signed = F.signer().signPostPolicy(Array(#"{"conditions": []}"#.utf8), date: F.t0)
        do {
            _ = try fixture.verifier.verifyPostPolicy(fields: signed.fields, now: F.t0)
            Issue.record("a policy without expiration was accepted")
        } catch {
            #expect(error.s3Code == "InvalidPolicyDocument")
        }
    }
}
