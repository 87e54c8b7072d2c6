// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Foundation
import MockS3
import Testing

@Suite(.serialized) struct AccountingTests {
    @Test(arguments: [
        (ProxyMode.buffer, PayloadSigning.signed), (.spool, .signed), (.multipart, .signed),
        (.stream, .streaming), (.buffer, .streaming), (.multipart, .streaming),
    ])
    func payloadSigningModesStoreTheSameBytes(mode: ProxyMode, signing: PayloadSigning) throws {
        let fixture = try AppFixture {
            $0.mode = mode
            $0.payloadSigning = signing
        }
        let file = try TestFile(size: 11 * mebibyte + 3)
        let (status, body) = try curl(["-T", file.path, fixture.url("/upload/signed.bin")])
        #expect(status == 200, "\(body)")
        let stored = try #require(fixture.stored("uploads/signed.bin"))
        #expect(stored.size == Int64(file.size))
        #expect(try fixture.storedMD5("uploads/signed.bin") == file.md5Hex)
        if mode == .multipart {
            #expect(stored.etag == (try file.multipartETag(partSize: 5 * mebibyte)))
        }
    }

    /// Uploads `count` objects of `size` at once (one curl process each) and returns the app's snapshot.
    private func concurrentUploads(mode: ProxyMode, count: Int, size: Int) throws -> AppServerSnapshot {
        let fixture = try AppFixture(storage: .discard) { $0.mode = mode }
        let file = try TestFile(size: size)
        let processes = try (0..<count).map { index in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["-s", "-o", "/dev/null", "-T", file.path, fixture.url("/upload/many/\(index)")]
            try process.run()
            return process
        }
        processes.forEach { $0.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let stored = fixture.s3.objects()
        #expect(stored.count == count)
        #expect(stored.allSatisfy { $0.object.md5Hex == file.md5Hex })
        return fixture.app.snapshot()
    }

    @Test func streamModePeakIsBoundedWhileBufferModeGrowsWithTheObjects() throws {
        let stream = try concurrentUploads(mode: .stream, count: 16, size: 256 * mebibyte)
        let buffer = try concurrentUploads(mode: .buffer, count: 16, size: 16 * mebibyte)
        print("peak buffered bytes: stream 16 x 256 MiB \(stream.peakBufferedBytes), buffer 16 x 16 MiB \(buffer.peakBufferedBytes)")
        // Stream: per upload about the upstream high-water mark plus one socket read, never the object.
        #expect(stream.peakBufferedBytes < 16 * mebibyte)
        #expect(buffer.peakBufferedBytes >= 2 * 16 * mebibyte)
        #expect(buffer.peakBufferedBytes > stream.peakBufferedBytes)
    }

    @Test func proxiedUploadsAreInProgressForTheWholeTransferAndPresignsOnlyBriefly() throws {
        let fixture = try AppFixture(storage: .discard)
        let file = try TestFile(size: mebibyte)
        // Four slow uploads at once: each takes about half a second, so all four overlap.
        let processes = try (0..<4).map { index in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["-s", "-o", "/dev/null", "--limit-rate", "2M", "-T", file.path,
                                 fixture.url("/upload/slow/\(index)")]
            try process.run()
            return process
        }
        processes.forEach { $0.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        #expect(fixture.app.snapshot().peakRequestsInProgress == 4)
        #expect(fixture.app.metrics.requestsInProgress.value == 0)

        let presigned = try AppFixture()
        for index in 0..<5 {
            let request = #"{"key":"p\#(index).bin","size":5}"#
            #expect(try postJSON(presigned, "/presign", request).status == 200)
        }
        #expect(presigned.app.snapshot().peakRequestsInProgress == 1)
        #expect(presigned.app.metrics.requestsInProgress.value == 0)
    }

    @Test func aClientThatLeavesMidUploadIsNoLongerInProgress() throws {
        let fixture = try AppFixture(storage: .discard)
        let file = try TestFile(size: 4 * mebibyte)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-o", "/dev/null", "--limit-rate", "256K", "-T", file.path, fixture.url("/upload/gone.bin")]
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while fixture.app.metrics.requestsInProgress.value == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(fixture.app.metrics.requestsInProgress.value == 1)
        // SIGKILL: the test process's signal mask, inherited by curl, may hold SIGTERM back.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        while fixture.app.metrics.requestsInProgress.value != 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(fixture.app.metrics.requestsInProgress.value == 0)
        #expect(fixture.stored("uploads/gone.bin") == nil)
    }

    @Test func proxyRelaysAboutTwoBytesPerUploadedByteAndPresignFarLess() throws {
        let fixture = try AppFixture()
        let file = try TestFile(size: 4 * mebibyte)
        #expect(try curl(["-T", file.path, fixture.url("/upload/ratio.bin")]).status == 200)
        let proxy = fixture.app.snapshot()
        let proxyRatio = Double(proxy.bytesRelayed) / Double(file.size)
        #expect(proxyRatio > 1.99 && proxyRatio < 2.01)

        let presigned = try AppFixture()
        let request = #"{"key":"direct.bin","content_type":"application/octet-stream","size":\#(file.size)}"#
        let answer = try curl(["-X", "POST", "-H", "Content-Type: application/json", "-d", request, presigned.url("/presign")])
        #expect(answer.status == 200)
        let presignRatio = Double(presigned.app.snapshot().bytesRelayed) / Double(file.size)
        #expect(presignRatio < 0.01)
        print("app bytes per uploaded byte (4 MiB): proxy \(proxyRatio), presigned \(presignRatio)")
    }
}
