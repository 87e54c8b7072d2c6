// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Digest
import Foundation
import Testing

/// A client's `Content-MD5` is honoured in every proxy mode: stream, buffer and
/// spool forward it for S3 to check, multipart checks it itself before completing.
@Suite(.serialized) struct ContentMD5Tests {
    /// 12 MiB: three parts in multipart mode (5 MiB parts), one PUT otherwise.
    static let size = 12 * mebibyte

    @Test(arguments: ProxyMode.allCases)
    func aWrongContentMD5StoresNothingAndAnswersBadDigest(mode: ProxyMode) throws {
        let fixture = try AppFixture { $0.mode = mode }
        let file = try TestFile(size: Self.size, seed: 3)
        let other = try TestFile(size: 10, seed: 4)
        let (status, body) = try curl([
            "-T", file.path, "-H", "Content-MD5: \(Encoding.base64(other.md5))", fixture.url("/upload/wrong.bin"),
        ])
        #expect(status == 400, "mode \(mode): \(body)")
        #expect(body.contains(#""error":"BadDigest""#), "mode \(mode): \(body)")
        if mode == .multipart { try waitUntil { fixture.app.snapshot().multipartAborted == 1 } }
        try waitUntil { fixture.openUploads == 0 }
        #expect(fixture.storedKeys.isEmpty)
    }

    @Test(arguments: ProxyMode.allCases)
    func theRightContentMD5IsStored(mode: ProxyMode) throws {
        let fixture = try AppFixture { $0.mode = mode }
        let file = try TestFile(size: Self.size, seed: 5)
        let (status, body) = try curl([
            "-T", file.path, "-H", "Content-MD5: \(Encoding.base64(file.md5))", fixture.url("/upload/right.bin"),
        ])
        #expect(status == 200, "mode \(mode): \(body)")
        #expect(try fixture.storedMD5("uploads/right.bin") == file.md5Hex)
    }

    @Test(arguments: ProxyMode.allCases)
    func aMalformedContentMD5IsRefusedFromTheHead(mode: ProxyMode) throws {
        let fixture = try AppFixture { $0.mode = mode }
        let file = try TestFile(size: 1000, seed: 6)
        let (status, body) = try curl(["-T", file.path, "-H", "Content-MD5: not-a-digest", fixture.url("/upload/bad.bin")])
        #expect(status == 400, "mode \(mode): \(body)")
        #expect(body.contains(#""error":"InvalidDigest""#), "mode \(mode): \(body)")
        #expect(fixture.storedKeys.isEmpty)
    }
}
