// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPCore
import LoadGenerator
import Metrics
import MockS3
import SigV4

/// Checks every upload the client saw succeed against what S3 stored.
///
/// With the mock S3 in this process the check reads its index directly;
/// otherwise (a child process, an external endpoint) it sends S3 a signed
/// HEAD per object. An object missing is `lost`, a size or ETag that differs
/// from the client's is `corrupted`. The client already compared the ETag S3
/// returned with its own MD5; this second look catches what a response can
/// hide (an object that was reported stored but is not, or a later overwrite).
struct IntegrityVerifier {
    private let testbed: Testbed
    private let keyPrefix: String
    private let comparesETags: Bool
    private let signer: Signer
    /// What a report should say about how uploads were checked.
    let notes: [String]

    init(testbed: Testbed, keyPrefix: String, comparesETags: Bool) {
        self.testbed = testbed
        self.keyPrefix = keyPrefix
        self.comparesETags = comparesETags
        signer = Signer(credentials: testbed.credentials, region: testbed.region)
        notes = testbed.mockS3 == nil
            ? ["Integrity checked with a signed HEAD per object (size and ETag against the client's)."]
            : []
    }

    func verdict(for record: ClientUploadRecord) -> ReportRow.Outcome {
        switch record.status {
        case .failed: return .failed
        case .corrupted: return .corrupted
        case .ok: break
        }
        guard let mock = testbed.mockS3 else { return headVerdict(for: record) }
        guard let stored = mock.object(bucket: testbed.bucket, key: keyPrefix + record.key) else {
            return .lost
        }
        guard stored.size == Int64(record.objectSize) else { return .corrupted }
        if let clientMD5 = record.md5Hex, let storedMD5 = stored.md5Hex, clientMD5 != storedMD5 {
            return .corrupted
        }
        if let expected = record.expectedETag, stored.etagIsMD5 || stored.partCount != nil,
           stored.etag.trimmingQuotes != expected {
            return .corrupted
        }
        return .ok
    }

    /// HEAD attempts per object: a mock S3 child injecting a scenario's SlowDown
    /// and InternalError faults answers the check's own requests with them too.
    /// At a 50 % fault rate, 16 attempts all fail once in 65,536 objects.
    static let headAttempts = 16

    /// HEAD `bucket/key`, signed in the Authorization header, retried on 5xx and
    /// on a failed connection with a short backoff.
    private func headVerdict(for record: ClientUploadRecord) -> ReportRow.Outcome {
        var backoff = 0.005
        for attempt in 1...Self.headAttempts {
            let response = head(record)
            if let response, !(500...599).contains(response.status) { return verdict(of: response, for: record) }
            if attempt < Self.headAttempts {
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 0.2)
            }
        }
        return .lost
    }

    private func head(_ record: ClientUploadRecord) -> HTTPClientResponse? {
        let (host, port) = testbed.s3HostPort
        let authority = "\(host):\(port)"
        let path = "/\(testbed.bucket)/\(keyPrefix)\(record.key)"
        let signed = signer.signHeaders(
            method: "HEAD", path: path, headers: [(name: "Host", value: authority)],
            payload: .empty, date: Date()
        )
        var headers = HTTPHeaders()
        // Host goes out exactly as signed (the client would drop a default port).
        for header in signed.headers {
            headers.add(name: header.name, value: header.value)
        }
        return try? BlockingHTTP.send(
            method: "HEAD", url: "http://\(authority)\(URIEncoding.encodePath(path))", headers: headers
        )
    }

    private func verdict(of response: HTTPClientResponse, for record: ClientUploadRecord) -> ReportRow.Outcome {
        guard response.status == 200 else { return .lost }
        guard response.headers["Content-Length"].flatMap({ Int($0) }) == record.objectSize else {
            return .corrupted
        }
        let etag = response.headers["ETag"]?.trimmingQuotes
        if comparesETags, let expected = record.expectedETag ?? record.md5Hex, etag != expected {
            return .corrupted
        }
        return .ok
    }
}

extension String {
    var trimmingQuotes: String {
        count >= 2 && hasPrefix("\"") && hasSuffix("\"") ? String(dropFirst().dropLast()) : self
    }
}
