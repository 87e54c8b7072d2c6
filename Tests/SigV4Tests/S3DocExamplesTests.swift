// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import SigV4
import Testing

/// The worked examples of the S3 API Reference (s3-doc-examples.json).
@Suite struct S3DocExamplesTests {
    struct Examples: Decodable {
        struct Common: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var region: String
            var amz_date: String
        }

        struct Chunk: Decodable {
            var size: Int
            var expected_signature: String
        }

        struct Example: Decodable {
            var id: String
            var method: String
            var host: String
            var path: String
            var query: QueryField?
            var headers: [String: String]?
            var body: String?
            var expires_seconds: Int?
            var canonical_request: String?
            var canonical_request_sha256: String?
            var string_to_sign: String?
            var expected_signature: String?
            var expected_url: String?
            var expected_authorization: String?
            var signed_headers: String?
            var seed_signature: String?
            var chunks: [Chunk]?
        }

        /// The presigned example gives its query as an object, the others as a string.
        enum QueryField: Decodable {
            case text(String)
            case parameters([String: String])

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) {
                    self = .text(text)
                } else {
                    self = .parameters(try container.decode([String: String].self))
                }
            }
        }

        var common: Common
        var examples: [Example]
    }

    static let examples: Examples = {
        let data = try! Vectors.data("s3-doc-examples.json")
        return try! JSONDecoder().decode(Examples.self, from: data)
    }()

    var signer: Signer {
        let common = Self.examples.common
        return Signer(
            credentials: Credentials(accessKeyID: common.access_key_id, secretAccessKey: common.secret_access_key),
            region: common.region)
    }

    var date: Date { AMZDate.date(from: Self.examples.common.amz_date)! }

    func example(_ id: String) -> Examples.Example {
        Self.examples.examples.first { $0.id == id }!
    }

    /// The example's headers without the ones the signer sets itself.
    func headersToSign(_ example: Examples.Example) -> [(name: String, value: String)] {
        (example.headers ?? [:]).filter { name, _ in
            !["x-amz-date", "x-amz-content-sha256"].contains(name.lowercased())
        }.map { (name: $0.key, value: $0.value) }
    }

    func query(_ example: Examples.Example) -> [(name: String, value: String)] {
        guard case .text(let text)? = example.query, !text.isEmpty else { return [] }
        return text.split(separator: "&").map { piece in
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : "")
        }
    }

    @Test func presignedGetMatchesTheDocumentedURLByteForByte() throws {
        let example = example("presigned-get-object")
        let presigned = try signer.presign(
            method: example.method, host: example.host, path: example.path,
            expires: example.expires_seconds!, date: date)
        #expect(presigned.canonicalRequest.text == example.canonical_request)
        #expect(presigned.stringToSign == example.string_to_sign)
        #expect(presigned.signature == example.expected_signature)
        #expect(presigned.url(scheme: "https", authority: example.host) == example.expected_url)
    }

    @Test(arguments: ["header-get-object-range", "header-put-object", "header-get-bucket-lifecycle", "header-list-objects"])
    func headerSignedExampleMatches(id: String) {
        let example = example(id)
        let payload = PayloadHash.sha256(Encoding.hex(Hash.sha256(Array((example.body ?? "").utf8))))
        let signed = signer.signHeaders(
            method: example.method, path: example.path, query: query(example),
            headers: headersToSign(example), payload: payload, date: date)
        if let canonical = example.canonical_request {
            #expect(signed.canonicalRequest.text == canonical)
        }
        #expect(signed.canonicalRequest.hashHex == example.canonical_request_sha256)
        #expect(signed.canonicalRequest.signedHeaders == example.signed_headers)
        #expect(signed.signature == example.expected_signature)
        if let authorization = example.expected_authorization {
            // The documentation writes the header without spaces after the commas.
            let written = signed.headers.last!.value.replacingOccurrences(of: ", ", with: ",")
            #expect(written == authorization)
        }
    }

    @Test func streamingSeedAndEveryChunkSignatureMatch() {
        let example = example("streaming-put-aws-chunked")
        let signed = signer.signHeaders(
            method: example.method, path: example.path, headers: headersToSign(example),
            payload: .streamingSigned, date: date)
        #expect(signed.canonicalRequest.hashHex == example.canonical_request_sha256)
        #expect(signed.signature == example.seed_signature)

        var chunks = signed.chunkSigner()
        for chunk in example.chunks! {
            #expect(chunks.sign(chunk: [UInt8](repeating: UInt8(ascii: "a"), count: chunk.size)) == chunk.expected_signature)
        }
    }
}
