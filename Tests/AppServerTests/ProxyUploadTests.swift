// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Digest
import Foundation
import Testing

@Suite(.serialized) struct ProxyUploadTests {
    static let sizes = [0, 1, 5 * mebibyte - 1, 5 * mebibyte, 64 * mebibyte]

    @Test(arguments: ProxyMode.allCases)
    func everySizeIsStoredIntactInTheVerifyingMock(mode: ProxyMode) throws {
        let fixture = try AppFixture { $0.mode = mode }
        for size in Self.sizes {
            let file = try TestFile(size: size, seed: UInt64(size) + 7)
            let key = "uploads/sizes/\(size).bin"
            let (status, body) = try curl(["-T", file.path, fixture.url("/upload/sizes/\(size).bin")])
            #expect(status == 200, "mode \(mode) size \(size): \(body)")
            let answer = try decode(API.StoredObject.self, body)
            #expect(answer.key == key)
            #expect(answer.size == Int64(size))
            let stored = try #require(fixture.stored(key))
            #expect(stored.size == Int64(size))
            #expect(try fixture.storedMD5(key) == file.md5Hex, "mode \(mode) size \(size)")
            if let partSize = answer.partSize {
                #expect(mode == .multipart && size > partSize)
                #expect(stored.etag == (try file.multipartETag(partSize: partSize)))
            }
            #expect(answer.etag == stored.etag)
        }
        #expect(fixture.openUploads == 0)
        let snapshot = fixture.app.snapshot()
        #expect(snapshot.proxyUploads == Self.sizes.count)
        // The server may still hold the last response for a moment; the app released its buffers.
        #expect(snapshot.bufferedBytes < 64 * 1024)
    }

    @Test func multipartPartsCarryTheirSignedPayloadHash() throws {
        let fixture = try AppFixture { $0.mode = .multipart; $0.payloadSigning = .signed }
        let size = 12 * mebibyte
        let file = try TestFile(size: size, seed: 29)
        let (status, body) = try curl(["-T", file.path, fixture.url("/upload/signed-parts.bin")])
        #expect(status == 200, "\(body)")
        #expect(try fixture.storedMD5("uploads/signed-parts.bin") == file.md5Hex)
        // The mock hashes a body only to check a signed payload hash: every part byte was checked.
        #expect(fixture.s3.stats().sha256Bytes >= Int64(size), "\(fixture.s3.stats().sha256Bytes)")
    }
}
