// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import HTTPCore
@testable import MockS3
import SigV4
import Testing

/// The CKS, PAY and PRX field cases that concern S3 (../shared/field-cases.md).
@Suite struct PayloadFieldCaseTests {
    let path = "/example-bucket/uploads/a.png"

    @Test func fc21AnEmptyBodyChecksumInTheQueryIsEnforcedOrIgnoredAsConfigured() async throws {
        let query = [("x-amz-sdk-checksum-algorithm", "CRC32"), ("x-amz-checksum-crc32", "AAAAAA==")]
        let strict = try Driver()
        let target = Driver.presign("PUT", path: path, query: query)
        let refused = await strict.send("PUT", target, body: Fixture.hello)
        #expect(refused.status == 400 && refused.code == "BadDigest")
        #expect(strict.stored("uploads/a.png") == nil)
        let matching = Driver.presign("PUT", path: path, query: [("x-amz-checksum-crc32", "NhCmhg==")])
        #expect(await strict.send("PUT", matching, body: Fixture.hello).status == 200)

        let lenient = try Driver(Fixture.configuration { $0.enforceQueryChecksums = false })
        #expect(await lenient.send("PUT", target, body: Fixture.hello).status == 200)
    }

    @Test func fc22ChecksumHeadersMustBeSignedOnPresignedRequests() async throws {
        let driver = try Driver()
        let plain = Driver.presign("PUT", path: path)
        let sha = Encoding.base64(Hash.sha256(Fixture.hello))
        for header in [("x-amz-sdk-checksum-algorithm", "SHA256"), ("x-amz-checksum-sha256", sha)] {
            let refused = await driver.send("PUT", plain, headers: [header], body: Fixture.hello)
            #expect(refused.status == 403 && refused.code == "AccessDenied")
            #expect(refused.element("HeadersNotSigned") == header.0)
        }
        let headers = [("x-amz-sdk-checksum-algorithm", "SHA256"), ("x-amz-checksum-sha256", sha)]
        let signed = Driver.presign("PUT", path: path, headers: headers)
        let accepted = await driver.send("PUT", signed, headers: headers, body: Fixture.hello)
        #expect(accepted.status == 200)
        #expect(accepted.headers["x-amz-checksum-sha256"] == sha)
    }

    @Test func fc24PlainChunkedUploadsAreNotImplementedAndStoreNothing() async throws {
        let driver = try Driver()
        let target = Driver.presign("PUT", path: path)
        let chunked = await driver.send("PUT", target, headers: [("Transfer-Encoding", "chunked")], body: Fixture.hello, framing: .chunked)
        // AWS's answer; RGW and MinIO send 411 MissingContentLength instead.
        #expect(chunked.status == 501 && chunked.code == "NotImplemented")
        #expect(chunked.element("Header") == "Transfer-Encoding")
        #expect(!chunked.continued)
        #expect(driver.stored("uploads/a.png") == nil)
    }

    @Test func fc25ZeroByteObjectsNeedAnExplicitLength() async throws {
        let driver = try Driver()
        let target = Driver.presign("PUT", path: "/example-bucket/empty")
        let empty = await driver.send("PUT", target, body: [], framing: .contentLength(0))
        #expect(empty.status == 200)
        #expect(empty.headers["ETag"] == "\"d41d8cd98f00b204e9800998ecf8427e\"")
        #expect(driver.stored("empty")?.size == 0)
        let noLength = await driver.send("PUT", Driver.presign("PUT", path: "/example-bucket/none"), framing: HTTPBodyFraming.none)
        #expect(noLength.status == 411 && noLength.code == "MissingContentLength")
        let chunked = await driver.send("PUT", Driver.presign("PUT", path: "/example-bucket/none"), framing: .chunked)
        #expect(chunked.status == 501)
        #expect(driver.stored("none") == nil)
    }

    @Test func fc26ADeclaredPayloadHashIsRecomputedAndCompared() async throws {
        let driver = try Driver()
        let wrong = await driver.signed("PUT", path: path, body: Fixture.hello, payload: .empty)
        #expect(wrong.status == 400 && wrong.code == "XAmzContentSHA256Mismatch")
        #expect(wrong.element("ClientComputedContentSHA256") == Hash.emptySHA256Hex)
        #expect(wrong.element("S3ComputedContentSHA256") == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(driver.stored("uploads/a.png") == nil)
        #expect(await driver.signed("PUT", path: path, body: Fixture.hello, payload: .unsigned).status == 200)
        #expect(await driver.signed("PUT", path: path, body: Fixture.hello).status == 200)
    }

    @Test func fc28ContentMD5IsCheckedMalformedAndWrongApart() async throws {
        let driver = try Driver()
        let target = Driver.presign("PUT", path: path)
        let wrong = await driver.send("PUT", target, headers: [("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")], body: Fixture.hello)
        #expect(wrong.status == 400 && wrong.code == "BadDigest")
        #expect(wrong.element("ExpectedDigest") == "1B2M2Y8AsgTpgAmY7PhCfg==")
        #expect(wrong.element("CalculatedDigest") == "XUFAKrxLKna5cZ2REBfFkg==")
        #expect(driver.stored("uploads/a.png") == nil)
        let hex = await driver.send("PUT", target, headers: [("Content-MD5", "5d41402abc4b2a76b9719d911017c592")], body: Fixture.hello)
        #expect(hex.status == 400 && hex.code == "InvalidDigest")
        #expect(!hex.continued)
        let right = await driver.send("PUT", target, headers: [("Content-MD5", "XUFAKrxLKna5cZ2REBfFkg==")], body: Fixture.hello)
        #expect(right.status == 200 && right.headers["ETag"] == "\"5d41402abc4b2a76b9719d911017c592\"")
        let signedMD5 = Driver.presign("PUT", path: path, headers: [("Content-MD5", "XUFAKrxLKna5cZ2REBfFkg==")])
        #expect(await driver.send("PUT", signedMD5, body: Fixture.hello).status == 403)
    }

    @Test func fc29ASinglePutOver5GiBIsRefusedFromTheHeaders() async throws {
        let driver = try Driver()
        let target = Driver.presign("PUT", path: path)
        let refused = await driver.headStage("PUT", target, headers: [("Expect", "100-continue")], framing: .contentLength(5_368_709_121))
        #expect(refused?.status == 400 && refused?.code == "EntityTooLarge")
        #expect(refused?.element("ProposedSize") == "5368709121")
        #expect(refused?.element("MaxSizeAllowed") == "5368709120")
        let largest = await driver.headStage("PUT", target, headers: [("Expect", "100-continue")], framing: .contentLength(5_368_709_120))
        #expect(largest == nil)
    }

    @Test func fc33AnIdleUploadIsRefusedWithRequestTimeoutAndLeavesNothing() async throws {
        var faults = Faults()
        faults.requestTimeout = .milliseconds(100)
        let driver = try Driver(Fixture.configuration { $0.faults = faults })
        let body = [UInt8](repeating: 7, count: 10 << 20)
        let stalled = await driver.send("PUT", Driver.presign("PUT", path: path), body: body, stallAfter: 1 << 20)
        #expect(stalled.status == 400 && stalled.code == "RequestTimeout")
        #expect(stalled.closeRequested)
        #expect(driver.stored("uploads/a.png") == nil)
        #expect(driver.server.stats().faultsInjected["RequestTimeout"] == 1)
    }

    @Test func checksumHeadersAreVerifiedForEveryAlgorithm() async throws {
        let driver = try Driver()
        let values: [(String, String)] = [
            ("x-amz-checksum-crc32", "NhCmhg=="),
            ("x-amz-checksum-crc32c", Encoding.base64(withUnsafeBytes(of: UInt32(0x9A71_BB4C).bigEndian, Array.init))),
            ("x-amz-checksum-sha1", Encoding.base64(Hash.sha1(Fixture.hello))),
            ("x-amz-checksum-sha256", Encoding.base64(Hash.sha256(Fixture.hello))),
        ]
        for (name, value) in values {
            let ok = await driver.signed("PUT", path: "/example-bucket/\(name)", headers: [(name, value)], body: Fixture.hello)
            #expect(ok.status == 200, "\(name)")
            let bad = await driver.signed("PUT", path: "/example-bucket/bad-\(name)", headers: [(name, value)], body: Array("hellO".utf8))
            #expect(bad.status == 400 && bad.code == "BadDigest", "\(name)")
            #expect(driver.stored("bad-\(name)") == nil)
        }
        let malformed = await driver.signed("PUT", path: path, headers: [("x-amz-checksum-crc32", "nope")], body: Fixture.hello)
        #expect(malformed.status == 400 && malformed.code == "InvalidRequest")
    }

    @Test func awsChunkedSignedStreamingVerifiesEveryChunkSignature() async throws {
        let driver = try Driver()
        let data = [UInt8](repeating: 0x61, count: 70_000)
        let (headers, body) = signedChunkedUpload(data, chunk: 65_536)
        var tampered = body
        tampered[tampered.count / 2] ^= 1
        let refused = await driver.send("PUT", "/example-bucket/stream.bin", headers: headers, body: tampered)
        #expect(refused.status == 403 && refused.code == "SignatureDoesNotMatch")
        #expect(driver.stored("stream.bin") == nil)

        let ok = await driver.send("PUT", "/example-bucket/stream.bin", headers: headers, body: body, chunkSize: 1000)
        #expect(ok.status == 200)
        #expect(driver.stored("stream.bin")?.md5Hex == Encoding.hex(Hash.md5(data)))
    }

    @Test func awsChunkedUnsignedStreamingChecksTheTrailer() async throws {
        let driver = try Driver()
        func upload(_ key: String, trailer: String) async -> CapturedResponse {
            let body = Array("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:\(trailer)\r\n\r\n".utf8)
            return await driver.signed(
                "PUT", path: "/example-bucket/\(key)",
                headers: [("Content-Encoding", "aws-chunked"), ("x-amz-decoded-content-length", "5"), ("x-amz-trailer", "x-amz-checksum-crc32")],
                body: body, payload: .streamingUnsignedTrailer
            )
        }
        #expect(await upload("good", trailer: "NhCmhg==").status == 200)
        let bad = await upload("bad", trailer: "AAAAAA==")
        #expect(bad.status == 400 && bad.code == "BadDigest")
        #expect(driver.stored("good")?.checksums[.crc32] == "NhCmhg==")
        #expect(driver.stored("bad") == nil)
    }

    /// A `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` request for `data` in `chunk`-sized pieces.
    private func signedChunkedUpload(_ data: [UInt8], chunk: Int) -> ([(name: String, value: String)], [UInt8]) {
        let signer = Signer(credentials: Fixture.credentials, region: "us-east-1")
        var chunks = stride(from: 0, to: data.count, by: chunk).map { Array(data[$0..<min(data.count, $0 + chunk)]) }
        chunks.append([])
        let encodedLength = chunks.reduce(0) { total, piece in
            total + String(piece.count, radix: 16).utf8.count + ";chunk-signature=".utf8.count + 64 + 4 + piece.count
        }
        let signature = signer.signHeaders(
            method: "PUT",
            path: "/example-bucket/stream.bin",
            headers: [
                ("Host", Fixture.host), ("Content-Encoding", "aws-chunked"),
                ("x-amz-decoded-content-length", String(data.count)), ("Content-Length", String(encodedLength)),
            ],
            payload: .streamingSigned,
            date: Fixture.now
        )
        var chain = signature.chunkSigner()
        var body: [UInt8] = []
        for piece in chunks {
            let chunkSignature = chain.sign(chunk: piece)
            body += Array("\(String(piece.count, radix: 16));chunk-signature=\(chunkSignature)\r\n".utf8) + piece + Array("\r\n".utf8)
        }
        return (signature.headers, body)
    }
}
