// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import HTTPCore
@testable import MockS3
import SigV4
import Synchronization

/// The field-case credentials (../shared/field-cases.md).
enum Fixture {
    static let credentials = Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let temporary = Credentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "TOKEN")
    static let bucket = "example-bucket"
    static let host = "127.0.0.1:9000"
    static let hello = Array("hello".utf8)
    /// 2025-01-01T00:00:00Z, the pinned server clock.
    static let now = Date(timeIntervalSince1970: 1_735_689_600)

    static func configuration(
        clock: TestClock = TestClock(),
        _ change: (inout MockS3Server.Configuration) -> Void = { _ in }
    ) -> MockS3Server.Configuration {
        var configuration = MockS3Server.Configuration()
        configuration.credentials = [credentials, temporary]
        configuration.clock = { clock.now }
        configuration.storage = .memory
        change(&configuration)
        return configuration
    }
}

/// A server clock the test moves by hand.
final class TestClock: Sendable {
    private let date = Mutex(Fixture.now)

    init() {}

    var now: Date { date.withLock { $0 } }

    func set(_ value: Date) { date.withLock { $0 = value } }
}

/// A response as the driver captured it.
struct CapturedResponse {
    var status = 0
    var headers = HTTPHeaders()
    var body: [UInt8] = []
    /// Whether the server would have sent `100 Continue` (answered neither nor paused in the head stage).
    var continued = false
    /// How many body bytes the handler was given.
    var bodyDelivered = 0
    var closeRequested = false

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The text of the first `<name>` element in the body.
    func element(_ name: String) -> String? {
        guard let start = text.range(of: "<\(name)>"),
              let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    var code: String? { element("Code") }
}

/// An in-memory `HTTPRequestContext` on a real event loop: drives one request
/// through the responder the way the HTTP server does, without sockets.
final class FakeContext: HTTPRequestContext {
    let head: HTTPRequestHead
    let framing: HTTPBodyFraming
    let eventLoop: EventLoop
    let receivedAtNanoseconds = MonotonicClock.nanoseconds
    let remoteAddress = "127.0.0.1:40000"
    var paused = false
    var answered = false
    var response = CapturedResponse()
    var onResume: () -> Void = {}
    var onFinish: (CapturedResponse) -> Void = { _ in }

    init(head: HTTPRequestHead, framing: HTTPBodyFraming, eventLoop: EventLoop) {
        self.head = head
        self.framing = framing
        self.eventLoop = eventLoop
    }

    func pauseReading() { paused = true }

    func resumeReading() {
        paused = false
        onResume()
    }

    func writeResponseHead(_ head: HTTPResponseHead) {
        answered = true
        response.status = head.status
        response.headers = head.headers
    }

    func writeBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        response.body.append(contentsOf: bytes)
        return true
    }

    func finishResponse() { onFinish(response) }

    func closeAfterResponse() { response.closeRequested = true }

    func resetConnection() {
        response.status = -1
        onFinish(response)
    }
}

/// Runs requests against an `S3Service` on one event loop, without sockets.
final class Driver: Sendable {
    let server: MockS3Server
    let loop: EventLoop

    init(_ configuration: MockS3Server.Configuration = Fixture.configuration(), bucket: String? = Fixture.bucket) throws {
        server = try MockS3Server(configuration: configuration)
        loop = try EventLoop(name: "s3-test")
        if let bucket { try server.createBucket(bucket) }
    }

    deinit {
        loop.shutdown()
    }

    /// Sends a request; `body` is delivered in `chunkSize` pieces unless the head stage answered.
    /// - Parameters:
    ///   - framing: defaults to a Content-Length for PUT/POST or a non-empty body.
    ///   - stallAfter: stop sending after this many bytes (the request then never ends by itself).
    func send(
        _ method: String,
        _ target: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        framing: HTTPBodyFraming? = nil,
        chunkSize: Int = 64 * 1024,
        stallAfter: Int? = nil
    ) async -> CapturedResponse {
        var fields = headers
        if !fields.contains(where: { $0.name.lowercased() == "host" }) { fields.insert(("Host", Fixture.host), at: 0) }
        let head = HTTPRequestHead(method: method, target: target, headers: HTTPHeaders(fields))
        let framing = framing ?? (body.isEmpty && method != "PUT" && method != "POST" ? .none : .contentLength(Int64(body.count)))
        let service = server.service
        let loop = self.loop
        return await withCheckedContinuation { continuation in
            loop.execute {
                let context = FakeContext(head: head, framing: framing, eventLoop: loop)
                var resumed = false
                context.onFinish = { response in
                    guard !resumed else { return }
                    resumed = true
                    continuation.resume(returning: response)
                }
                let handler = service.handler(for: head, context: context)
                context.response.continued = !context.answered && !context.paused
                guard !context.answered && !context.paused else { return }
                var offset = 0
                func pump() {
                    while offset < body.count, !context.paused, !context.answered {
                        if let stallAfter, offset >= stallAfter { return }
                        let end = min(body.count, offset + chunkSize)
                        body[offset..<end].withUnsafeBytes { handler.receiveBody($0, context: context) }
                        context.response.bodyDelivered += end - offset
                        offset = end
                    }
                    if offset >= body.count, !context.paused, !context.answered {
                        handler.receiveEnd(trailers: HTTPHeaders(), context: context)
                    }
                }
                context.onResume = { pump() }
                pump()
            }
        }
    }

    /// Runs only the head stage: whether the request was answered before its body
    /// (so no `100 Continue`), and with what.
    func headStage(_ method: String, _ target: String, headers: [(name: String, value: String)], framing: HTTPBodyFraming) async -> CapturedResponse? {
        let head = HTTPRequestHead(method: method, target: target, headers: HTTPHeaders([("Host", Fixture.host)] + headers))
        let service = server.service
        let loop = self.loop
        return await withCheckedContinuation { continuation in
            loop.execute {
                let context = FakeContext(head: head, framing: framing, eventLoop: loop)
                let handler = service.handler(for: head, context: context)
                if context.answered {
                    continuation.resume(returning: context.response)
                } else {
                    handler.receiveError(.connectionClosed, context: context)
                    continuation.resume(returning: nil)
                }
            }
        }
    }

    /// Sends a header-signed request (SigV4 in `Authorization`).
    func signed(
        _ method: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        payload: PayloadHash? = nil,
        credentials: Credentials = Fixture.credentials,
        region: String = "us-east-1",
        date: Date = Fixture.now,
        framing: HTTPBodyFraming? = nil
    ) async -> CapturedResponse {
        let signer = Signer(credentials: credentials, region: region)
        let signature = signer.signHeaders(
            method: method,
            path: path,
            query: query,
            headers: [("Host", Fixture.host)] + headers,
            payload: payload ?? .sha256(Encoding.hex(Hash.sha256(body))),
            date: date
        )
        return await send(method, Self.target(path: path, query: query), headers: signature.headers, body: body, framing: framing)
    }

    /// A presigned target (path and query) for `path`.
    static func presign(
        _ method: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        expires: Int = 3600,
        credentials: Credentials = Fixture.credentials,
        region: String = "us-east-1",
        host: String = Fixture.host,
        date: Date = Fixture.now
    ) -> String {
        let signer = Signer(credentials: credentials, region: region)
        return try! signer.presign(
            method: method, host: host, path: path, query: query, headers: headers, expires: expires, date: date
        ).pathAndQuery
    }

    /// A presigned target whose signature covers a changed canonical request (to model
    /// signers that canonicalise differently): `change` edits the canonical request. The
    /// path sent is the original one, the query sent is the changed one.
    static func presignCanonical(
        _ method: String,
        path: String,
        query: [(name: String, value: String)] = [],
        expires: Int = 3600,
        change: (inout CanonicalRequest) -> Void
    ) -> String {
        let signer = Signer(credentials: Fixture.credentials, region: "us-east-1")
        let presigned = try! signer.presign(method: method, host: Fixture.host, path: path, query: query, expires: expires, date: Fixture.now)
        var canonical = presigned.canonicalRequest
        change(&canonical)
        let scope = signer.scope(at: Fixture.now)
        let stringToSign = "AWS4-HMAC-SHA256\n\(AMZDate.string(from: Fixture.now))\n\(scope.string)\n\(canonical.hashHex)"
        let signature = Encoding.hex(HMAC.sha256(key: signer.signingKey(for: scope), message: stringToSign))
        // The wire keeps the original path; the query is the changed one.
        return "\(presigned.canonicalRequest.uri)?\(canonical.query)&X-Amz-Signature=\(signature)"
    }

    static func target(path: String, query: [(name: String, value: String)]) -> String {
        let encoded = URIEncoding.encodePath(path)
        guard !query.isEmpty else { return encoded }
        let parameters = query.map { pair in
            pair.value.isEmpty
                ? URIEncoding.encodeComponent(pair.name)
                : "\(URIEncoding.encodeComponent(pair.name))=\(URIEncoding.encodeComponent(pair.value))"
        }
        return encoded + "?" + parameters.joined(separator: "&")
    }

    /// The object stored at `key`, if any.
    func stored(_ key: String, bucket: String = Fixture.bucket) -> S3Object? {
        server.object(bucket: bucket, key: key)
    }
}
