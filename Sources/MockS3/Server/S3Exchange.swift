// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPCore

/// One request from head to response: routing, authentication, the
/// operation's head-stage checks, and every response it sends. Loop-bound.
final class S3Exchange {
    let service: S3Service
    let head: HTTPRequestHead
    let context: any HTTPRequestContext
    let requestID: String
    let now: Date
    private(set) var request: S3Request?
    var authorization = Authorization.anonymous
    private(set) var decision: FaultInjector.Decision
    var entry = StatsRecorder.Entry()
    /// Whether a response was sent (or the request failed): nothing more is written.
    private(set) var isFinished = false
    /// True until `handler(for:)` returns: answers then mean "no 100 Continue".
    private var inHeadStage = true

    init(service: S3Service, head: HTTPRequestHead, context: any HTTPRequestContext) {
        self.service = service
        self.head = head
        self.context = context
        requestID = service.nextRequestID()
        now = service.configuration.clock()
        let method = head.method
        decision = service.faults.decide(isUpload: method == "PUT" || method == "POST")
        entry.headBytes = Self.headSize(head)
    }

    var configuration: MockS3Server.Configuration { service.configuration }
    var store: S3Store { service.store }
    var isHEAD: Bool { head.method == "HEAD" }

    /// Routes, authenticates and runs the head-stage checks; returns the handler for the body.
    func start() -> any HTTPRequestHandler {
        defer { inHeadStage = false }
        if let error = decision.error {
            entry.fault = error.code
            fail(error)
            return CompletedHandler(self)
        }
        do throws(S3Error) {
            let request = try service.router.route(
                method: head.method,
                target: head.target,
                host: head.headers["Host"],
                contentType: head.headers["Content-Type"]
            )
            self.request = request
            entry.operation = request.operation.rawValue
            if request.operation == .preflight {
                try answerPreflight(request)
                return CompletedHandler(self)
            }
            if request.operation != .postObject {
                authorization = try service.authenticator.authenticate(head, now: now)
            }
            return try makeHandler(request)
        } catch {
            fail(error)
            return CompletedHandler(self)
        }
    }

    // MARK: Responses

    /// Sends a complete response, after the injected latency.
    func respond(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        deliver { [self] in
            var all = commonHeaders()
            for field in headers { all.add(name: field.name, value: field.value) }
            entry.bytesOut += Int64(body.count)
            // Counted before the bytes go out, so a client that saw the answer also sees it in the stats.
            finish()
            if isHEAD {
                if !all.contains("Content-Length") { all.add(name: "Content-Length", value: String(body.count)) }
                context.writeResponseHead(HTTPResponseHead(status: status, headers: all))
                context.finishResponse()
            } else {
                context.respond(status: status, headers: all, body: body)
            }
        }
    }

    /// Sends an XML document with status 200 (or `status`).
    func respondXML(_ document: XMLWriter, status: Int = 200, headers: HTTPHeaders = HTTPHeaders()) {
        var headers = headers
        headers.add(name: "Content-Type", value: "application/xml")
        respond(status: status, headers: headers, body: document.bytes)
    }

    /// Sends `error` as S3's XML error document.
    func fail(_ error: S3Error) {
        guard !isAnswered else { return }
        entry.errorCode = error.code
        let document = errorDocument(error)
        var headers = HTTPHeaders()
        for field in error.headers { headers.add(name: field.name, value: field.value) }
        if error.code == "RequestTimeout" { context.closeAfterResponse() }
        if isHEAD {
            respond(status: error.status, headers: headers)
        } else {
            respondXML(document, status: error.status, headers: headers)
        }
    }

    /// S3's XML error document for `error`.
    private func errorDocument(_ error: S3Error) -> XMLWriter {
        var document = XMLWriter()
        document.element("Error") { xml in
            xml.leaf("Code", error.code)
            xml.leaf("Message", error.message)
            for field in error.fields { xml.leaf(field.name, field.value) }
            xml.leaf("Resource", request?.resource ?? String(head.rawPath))
            xml.leaf("RequestId", requestID)
            xml.leaf("HostId", service.hostID)
        }
        return document
    }

    /// The body of the answer the HTTP server sends itself when a body ends early
    /// (400) before this exchange answered: S3's IncompleteBody document, for a
    /// client that only shut down its sending side and still reads. (A stalled
    /// body is answered by the pacer as S3 does, 400 RequestTimeout; the server's
    /// own 408 stays bare.)
    func failureBody(for error: HTTPRequestError, status: Int) -> HTTPFailureBody? {
        guard !isAnswered, error == .connectionClosed, status == 400 else { return nil }
        let answer: S3Error = if case .contentLength(let declared) = context.framing {
            .incompleteBody(declared: declared, received: entry.bodyBytes)
        } else {
            .incompleteChunkedBody
        }
        entry.errorCode = answer.code
        return HTTPFailureBody(contentType: "application/xml", bytes: errorDocument(answer).bytes)
    }

    /// Starts a streamed response (GET); the caller writes the body and calls `finishStreaming`.
    func startStreaming(status: Int, headers: HTTPHeaders, then body: @escaping () -> Void) {
        deliver { [self] in
            var all = commonHeaders()
            for field in headers { all.add(name: field.name, value: field.value) }
            context.writeResponseHead(HTTPResponseHead(status: status, headers: all))
            body()
        }
    }

    func finishStreaming() {
        finish()
        context.finishResponse()
    }

    /// The request failed on the connection: nothing can be sent any more.
    func connectionFailed(_ error: HTTPRequestError) {
        guard !isFinished else { return }
        if entry.errorCode == nil { entry.errorCode = "connection:\(error)" }
        finish()
    }

    /// Drops the connection with a reset part-way through the body (an injected fault).
    func resetConnection() {
        guard !isAnswered else { return }
        isAnswered = true
        entry.fault = "reset"
        entry.errorCode = "connection:reset"
        finish()
        context.resetConnection()
    }

    private func finish() {
        guard !isFinished else { return }
        isFinished = true
        service.stats.record(entry)
    }

    /// Runs `send` now, or after the injected latency. A delayed answer given in the
    /// head stage pauses reading first, so the server does not send 100 Continue.
    private func deliver(_ send: @escaping () -> Void) {
        guard !isAnswered else { return }
        isAnswered = true
        guard decision.latency > .zero else {
            send()
            return
        }
        if inHeadStage { context.pauseReading() }
        let latency = decision.latency
        decision.latency = .zero
        context.eventLoop.scheduleTimer(after: latency) { [self] in
            guard !isFinished else { return }
            send()
        }
    }

    /// Adds `extra` to the delay before the answer, which must not be under way yet.
    func delayAnswer(by extra: Duration) {
        decision.latency += extra
    }

    /// Set once a (possibly delayed) response is under way: later answers are dropped.
    private(set) var isAnswered = false

    private func commonHeaders() -> HTTPHeaders {
        var headers = HTTPHeaders()
        // These four, an operation's few, and the Content-Length added on the way out.
        headers.reserveCapacity(10)
        headers.add(name: "x-amz-request-id", value: requestID)
        headers.add(name: "x-amz-id-2", value: service.hostID)
        headers.add(name: "Date", value: service.dates.httpDate(now))
        headers.add(name: "Server", value: "AmazonS3")
        if let origin = head.headers["Origin"], let rule = configuration.cors,
           let cors = rule.responseHeaders(origin: origin, method: head.method)
        {
            for field in cors { headers.add(name: field.name, value: field.value) }
        }
        return headers
    }

    /// The head's size on the wire as parsed: request line, fields, blank line.
    private static func headSize(_ head: HTTPRequestHead) -> Int64 {
        var size = head.method.utf8.count + head.target.utf8.count + 12
        for field in head.headers { size += field.name.utf8.count + field.value.utf8.count + 4 }
        return Int64(size + 2)
    }
}
