// SPDX-License-Identifier: Apache-2.0

import Foundation
import SigV4

/// The operations measured, each a closure that does one operation and returns
/// something derived from its result so the optimiser cannot drop the work.
enum Workloads {
    static let credentials = Credentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = AMZDate.date(from: "20250101T120000Z")!
    static let host = "127.0.0.1:9000"
    static let path = "/example-bucket/uploads/2025/01/01/some file name with spaces~and+plus.bin"
    static let payload = PayloadHash.sha256("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
    static let headers = [
        (name: "Host", value: host), (name: "Content-Type", value: "application/octet-stream"),
        (name: "Content-Length", value: "1048576"), (name: "x-amz-meta-owner", value: "bench"),
    ]

    struct Workload {
        var name: String
        var operation: () throws -> Int
    }

    static func all() throws -> [Workload] {
        let signer = Signer(credentials: credentials, region: "us-east-1")
        let verifier = SignatureVerifier(configuration: .init(region: "us-east-1")) { _ in
            .init(secretAccessKey: credentials.secretAccessKey)
        }
        let presigned = try signer.presign(
            method: "PUT", host: host, path: path, headers: [(name: "Content-Type", value: "image/png")],
            expires: 900, date: date)
        let presignedHeaders = [(name: "Host", value: host), (name: "Content-Type", value: "image/png")]
        let headerSigned = signer.signHeaders(method: "PUT", path: path, headers: headers, payload: payload, date: date)
        var chunks = headerSigned.chunkSigner()
        let chunkHash = [UInt8](repeating: 7, count: 32)
        let scope = signer.scope(at: date)

        return [
            Workload(name: "sign_header_put") {
                signer.signHeaders(method: "PUT", path: path, headers: headers, payload: payload, date: date)
                    .signature.utf8.count
            },
            Workload(name: "presign_put") {
                try signer.presign(
                    method: "PUT", host: host, path: path, headers: [(name: "Content-Type", value: "image/png")],
                    expires: 900, date: date
                ).pathAndQuery.utf8.count
            },
            Workload(name: "verify_presigned_put") {
                try verifier.verify(
                    method: "PUT", target: presigned.pathAndQuery, headers: presignedHeaders, now: date
                ).signedHeaders.count
            },
            Workload(name: "verify_header_put") {
                try verifier.verify(method: "PUT", target: URIEncoding.encodePath(path), headers: headerSigned.headers, now: date)
                    .signedHeaders.count
            },
            Workload(name: "chunk_signature_hash_given") {
                chunks.sign(chunkSHA256: chunkHash).utf8.count
            },
            Workload(name: "signing_key_derivation_uncached") {
                SigningKeyCache.derive(secret: credentials.secretAccessKey, scope: scope).count
            },
        ]
    }
}
