// SPDX-License-Identifier: Apache-2.0

import AppServer
import Foundation
import HTTPCore
import Metrics
import MockS3
import SigV4
import Synchronization

/// Tests the "temporary, scoped access" claim for presigned URLs on this
/// build: a URL the app server hands out must work once for what it was
/// issued for, and be refused by S3 for any other key, method, size, after
/// tampering, and after it expired, with nothing stored by a refused request.
enum AccessProbe {
    private static let bucket = "access-probe"

    /// Runs every probe against a fresh mock S3 and app server.
    static func run() -> [SecurityCheck] {
        do {
            return try probe()
        } catch {
            return [SecurityCheck(name: "access probes", passed: false, detail: "could not run: \(error)")]
        }
    }

    private static func probe() throws -> [SecurityCheck] {
        let credentials = Credentials(accessKeyID: "AKIDACCESSPROBE", secretAccessKey: "probe-secret-\(UUID().uuidString)")
        // The mock's clock can be moved forward to make issued URLs expire without waiting.
        let clockOffset = Mutex<TimeInterval>(0)
        var s3Configuration = MockS3Server.Configuration()
        s3Configuration.credentials = [credentials]
        s3Configuration.storage = .memory
        s3Configuration.clock = { Date().addingTimeInterval(clockOffset.withLock { $0 }) }
        let s3 = try MockS3Server(configuration: s3Configuration)
        let s3Port = try s3.start()
        defer { s3.shutdown(gracePeriod: .zero) }
        try s3.createBucket(bucket)

        var appConfiguration = AppServerConfiguration(
            endpoint: S3Endpoint(host: "127.0.0.1", port: s3Port), bucket: bucket, credentials: credentials
        )
        appConfiguration.threads = 1
        appConfiguration.presignExpiry = .seconds(60)
        let app = try AppServer(configuration: appConfiguration)
        let appPort = try app.start()
        defer { app.shutdown(gracePeriod: .zero) }

        let body = [UInt8](repeating: 0x61, count: 16)
        let grant = try presign(appPort: appPort, key: "probe/granted.bin", size: body.count)
        var checks: [SecurityCheck] = []

        func attempt(_ name: String, expecting code: String, method: String = "PUT", url: String? = nil,
                     body: [UInt8] = body, storedKey: String? = nil) throws {
            let response = try BlockingHTTP.send(
                method: method, url: url ?? grant.url, headers: grant.headers, body: method == "PUT" ? body : []
            )
            let answered = S3ErrorCode.parse(response.body) ?? "HTTP \(response.status)"
            let stored = storedKey.map { s3.object(bucket: bucket, key: $0) != nil } ?? false
            let passed = response.status == 403 && answered == code && !stored
            checks.append(SecurityCheck(
                name: name, passed: passed,
                detail: "\(response.status) \(answered)" + (stored ? ", and the object was stored" : ", nothing stored")
            ))
        }

        let otherKeyURL = grant.url.replacingOccurrences(of: "granted.bin", with: "other.bin")
        try attempt("URL used for another key", expecting: "SignatureDoesNotMatch", url: otherKeyURL,
                    storedKey: "uploads/probe/other.bin")
        try attempt("URL used with another method (GET)", expecting: "SignatureDoesNotMatch", method: "GET")
        try attempt("URL used for another size", expecting: "SignatureDoesNotMatch", body: body + [0x62],
                    storedKey: "uploads/probe/granted.bin")
        try attempt("URL with a tampered signature", expecting: "SignatureDoesNotMatch",
                    url: tamperedSignature(grant.url), storedKey: "uploads/probe/granted.bin")

        let granted = try BlockingHTTP.send(method: "PUT", url: grant.url, headers: grant.headers, body: body)
        checks.append(SecurityCheck(
            name: "URL used as issued", passed: granted.status == 200,
            detail: "\(granted.status)" + (granted.status == 200 ? ", stored" : "")
        ))

        clockOffset.withLock { $0 = 61 }
        try attempt("URL used after it expired", expecting: "AccessDenied")
        return checks
    }

    private struct Grant {
        var url: String
        var headers: HTTPHeaders
    }

    private static func presign(appPort: Int, key: String, size: Int) throws -> Grant {
        let request = try JSONSerialization.data(withJSONObject: [
            "key": key, "content_type": "application/octet-stream", "size": size,
        ])
        let response = try BlockingHTTP.send(
            method: "POST", url: "http://127.0.0.1:\(appPort)/presign",
            headers: ["Content-Type": "application/json"], body: Array(request)
        )
        guard response.status == 200,
              let answer = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let url = answer["url"] as? String
        else {
            throw ProbeError(description: "the app server answered /presign with \(response.status)")
        }
        var headers = HTTPHeaders()
        for (name, value) in (answer["headers"] as? [String: String]) ?? [:] {
            headers.add(name: name, value: value)
        }
        return Grant(url: url, headers: headers)
    }

    /// The same URL with the last hex digit of its signature changed.
    private static func tamperedSignature(_ url: String) -> String {
        guard let last = url.last else { return url }
        return String(url.dropLast()) + (last == "0" ? "1" : "0")
    }

    private struct ProbeError: Error, CustomStringConvertible {
        let description: String
    }
}

/// The `<Code>` of an S3 XML error body.
enum S3ErrorCode {
    static func parse(_ body: [UInt8]) -> String? {
        let text = String(decoding: body, as: UTF8.self)
        guard let start = text.range(of: "<Code>"), let end = text.range(of: "</Code>", range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
