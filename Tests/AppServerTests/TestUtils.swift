// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Digest
import Foundation
import MockS3
import SigV4

/// The real mock S3 (verifying every signature) and an app server in front
/// of it, both on loopback port 0.
final class AppFixture {
    static let bucket = "example-bucket"
    static let credentials = Credentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )

    let s3: MockS3Server
    let app: AppServer

    /// - Parameters:
    ///   - storage: `.discard` keeps only sizes and MD5s (large objects).
    ///   - change: adjusts the app server's configuration.
    init(
        storage: MockS3Server.Storage = .memory,
        _ change: (inout AppServerConfiguration) -> Void = { _ in }
    ) throws {
        var s3Configuration = MockS3Server.Configuration()
        s3Configuration.credentials = [Self.credentials]
        s3Configuration.storage = storage
        s3 = try MockS3Server(configuration: s3Configuration)
        try s3.createBucket(Self.bucket)
        let s3Port = try s3.start()
        var configuration = AppServerConfiguration(
            endpoint: S3Endpoint(host: "127.0.0.1", port: s3Port),
            bucket: Self.bucket,
            credentials: Self.credentials
        )
        configuration.partSize = 5 * 1024 * 1024
        change(&configuration)
        app = try AppServer(configuration: configuration)
        try app.start()
    }

    deinit {
        app.shutdown(gracePeriod: .zero)
        s3.shutdown(gracePeriod: .zero)
    }

    func url(_ path: String) -> String {
        "http://127.0.0.1:\(app.port)\(path)"
    }

    /// The object S3 stored at the full `key`.
    func stored(_ key: String) -> S3Object? {
        s3.object(bucket: Self.bucket, key: key)
    }

    /// Every stored key.
    var storedKeys: [String] {
        s3.objects().map { $0.object.key.description }
    }

    var openUploads: Int { s3.openMultipartUploadCount() }

    /// Requests S3 received so far.
    var s3Requests: Int { s3.stats().requestCount }

    /// The hex MD5 of what S3 stored at `key`: its recorded MD5, or for a
    /// multipart object the MD5 of its bytes read back with a presigned GET.
    func storedMD5(_ key: String) throws -> String? {
        guard let object = stored(key) else { return nil }
        if let md5 = object.md5Hex { return md5 }
        let signer = Signer(credentials: Self.credentials, region: "us-east-1")
        let request = try signer.presign(
            method: "GET", host: "127.0.0.1:\(s3.port)", path: "/\(Self.bucket)/\(key)", expires: 60, date: Date()
        )
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("get-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let (status, _) = try curl(["http://127.0.0.1:\(s3.port)\(request.pathAndQuery)"], saveTo: output)
        guard status == 200 else { return nil }
        return Encoding.hex(Hash.md5(try Data(contentsOf: URL(fileURLWithPath: output))))
    }
}

/// A file of pseudo-random bytes and its MD5, removed when the value goes away.
final class TestFile {
    let path: String
    let size: Int
    let md5: [UInt8]

    var md5Hex: String { Encoding.hex(md5) }

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

/// Runs curl and returns the status code and body (empty when the body went to `saveTo`).
func curl(_ arguments: [String], saveTo: String? = nil) throws -> (status: Int, body: String) {
    // Output goes to a file: reading a pipe from many threads at once can fail with EINTR.
    let output = saveTo ?? FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)").path
    defer { if saveTo == nil { try? FileManager.default.removeItem(atPath: output) } }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = ["-s", "-S", "-o", output, "-w", "%{http_code}"] + arguments
    let status = Pipe()
    process.standardOutput = status
    try process.run()
    process.waitUntilExit()
    let code = String(decoding: (try? status.fileHandleForReading.readToEnd()) ?? Data(), as: UTF8.self)
    let body = saveTo == nil ? (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" : ""
    return (Int(code) ?? 0, body)
}

/// POSTs a JSON body to the app server.
func postJSON(_ fixture: AppFixture, _ path: String, _ json: String) throws -> (status: Int, body: String) {
    try curl(["-X", "POST", "-H", "Content-Type: application/json", "-d", json, fixture.url(path)])
}

/// Decodes a JSON answer.
func decode<T: Decodable>(_ type: T.Type, _ body: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(body.utf8))
}

let mebibyte = 1024 * 1024
