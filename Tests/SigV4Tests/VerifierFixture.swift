// SPDX-License-Identifier: Apache-2.0

import Foundation
import SigV4
import Testing

/// The field cases' conventions: credentials, bucket, endpoint and a fixed clock.
struct VerifierFixture {
    static let credentials = Credentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let temporary = Credentials(
        accessKeyID: "ASIAEXAMPLE", secretAccessKey: "temporary/secret+KEY", sessionToken: "TOKEN")
    static let host = "127.0.0.1:9000"
    static let t0 = AMZDate.date(from: "20250101T120000Z")!
    static let helloSHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"

    var region = "us-east-1"
    var allowedClockSkew: TimeInterval = 900

    var verifier: SignatureVerifier {
        SignatureVerifier(configuration: .init(region: region, allowedClockSkew: allowedClockSkew)) { accessKeyID in
            switch accessKeyID {
            case Self.credentials.accessKeyID: .init(secretAccessKey: Self.credentials.secretAccessKey)
            case Self.temporary.accessKeyID:
                .init(secretAccessKey: Self.temporary.secretAccessKey, sessionToken: Self.temporary.sessionToken)
            default: nil
            }
        }
    }

    static func signer(_ credentials: Credentials = credentials, region: String = "us-east-1") -> Signer {
        Signer(credentials: credentials, region: region)
    }

    /// A presigned target for `key` in `example-bucket`.
    static func presignedTarget(
        _ key: String = "uploads/a.png",
        method: String = "PUT",
        credentials: Credentials = credentials,
        region: String = "us-east-1",
        headers: [(name: String, value: String)] = [],
        expires: Int = 600,
        date: Date = t0
    ) throws -> String {
        try signer(credentials, region: region).presign(
            method: method, host: host, path: "/example-bucket/\(key)", headers: headers, expires: expires,
            date: date
        ).pathAndQuery
    }

    /// Verifies and returns the error, failing the test when the request is accepted.
    func error(
        method: String = "PUT",
        target: String,
        headers: [(name: String, value: String)] = [(name: "Host", value: host)],
        now: Date = t0,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> VerificationError? {
        do {
            _ = try verifier.verify(method: method, target: target, headers: headers, now: now)
            Issue.record("the request was accepted", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    /// Verifies, failing the test with the error's message when the request is refused.
    @discardableResult
    func accepted(
        method: String = "PUT",
        target: String,
        headers: [(name: String, value: String)] = [(name: "Host", value: host)],
        now: Date = t0,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> VerifiedRequest? {
        do {
            return try verifier.verify(method: method, target: target, headers: headers, now: now)
        } catch {
            Issue.record("refused: \(error.s3Code) \(error.message)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

/// Replaces the first `name=…` parameter of a target's query with `name=value` (already encoded).
func replacingParameter(_ name: String, with value: String, in target: String) -> String {
    let (path, query) = target.split(separator: "?", maxSplits: 1).map(String.init).pair
    let pieces = query.split(separator: "&").map { piece in
        piece.hasPrefix("\(name)=") ? "\(name)=\(value)" : String(piece)
    }
    return path + "?" + pieces.joined(separator: "&")
}

/// Removes the parameter `name` from a target's query.
func removingParameter(_ name: String, from target: String) -> String {
    let (path, query) = target.split(separator: "?", maxSplits: 1).map(String.init).pair
    return path + "?" + query.split(separator: "&").filter { !$0.hasPrefix("\(name)=") }.joined(separator: "&")
}

extension Array where Element == String {
    fileprivate var pair: (String, String) { (self[0], count > 1 ? self[1] : "") }
}
