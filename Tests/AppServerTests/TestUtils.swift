// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Digest
import Foundation
import SigV4

/// A fake S3 and an app server in front of it, both on loopback port 0.
final class AppFixture {
    let s3: FakeS3
    let app: AppServer

    init(_ change: (inout AppServerConfiguration) -> Void = { _ in }) throws {
        s3 = FakeS3()
        let s3Port = try s3.start()
        var configuration = AppServerConfiguration(
            endpoint: S3Endpoint(host: "127.0.0.1", port: s3Port),
            bucket: "example-bucket",
            credentials: Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        )
        configuration.partSize = 5 * 1024 * 1024
        change(&configuration)
        app = try AppServer(configuration: configuration)
        try app.start()
    }

    deinit {
        app.shutdown(gracePeriod: .zero)
        s3.shutdown()
    }

    func url(_ path: String) -> String {
        "http://127.0.0.1:\(app.port)\(path)"
    }
}

/// A file of pseudo-random bytes and its MD5, removed when the value goes away.
final class TestFile {
    let path: String
    let size: Int
    let md5: [UInt8]

    init(size: Int, seed: UInt64 = 1) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("app-test-\(UUID().uuidString)").path
        self.size = size
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        var hash = IncrementalHash(.md5)
        var remaining = size
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while remaining > 0 {
            let count = min(block.count, remaining)
            block.withUnsafeMutableBytes { raw in
                let words = raw.bindMemory(to: UInt64.self)
                for index in 0..<(count + 7) / 8 where index < words.count {
                    state ^= state << 13
                    state ^= state >> 7
                    state ^= state << 17
                    words[index] = state
                }
            }
            block.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            handle.write(Data(block[0..<count]))
            remaining -= count
        }
        md5 = hash.finalize()
    }

    /// The multipart ETag S3 gives this file cut into `partSize` parts.
    func multipartETag(partSize: Int) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var digests: [UInt8] = []
        var count = 0
        var offset = 0
        while offset < data.count {
            digests += Hash.md5(data[offset..<min(offset + partSize, data.count)])
            offset += partSize
            count += 1
        }
        return "\"\(Encoding.hex(Hash.md5(digests)))-\(count)\""
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs curl and returns the status code and body.
func curl(_ arguments: [String]) throws -> (status: Int, body: String) {
    // Output goes to a file: reading a pipe from many threads at once can fail with EINTR.
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: output) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = ["-s", "-S", "-o", output, "-w", "%{http_code}"] + arguments
    let status = Pipe()
    process.standardOutput = status
    try process.run()
    process.waitUntilExit()
    let code = String(decoding: (try? status.fileHandleForReading.readToEnd()) ?? Data(), as: UTF8.self)
    let body = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    return (Int(code) ?? 0, body)
}

/// Decodes a JSON answer.
func decode<T: Decodable>(_ type: T.Type, _ body: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(body.utf8))
}

let mebibyte = 1024 * 1024
