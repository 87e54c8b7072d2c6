// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPCore

/// What every route's handler shares: answering once with accounting, the
/// client idle timer, and the request's timing.
///
/// Loop-bound; subclasses override the `HTTPRequestHandler` methods they need.
class AppRequestHandler: HTTPRequestHandler {
    let app: AppContext
    /// Unusable once `answered` or `clientGone`.
    let context: any HTTPRequestContext
    let startedAt: UInt64
    /// A response was written; nothing more goes to the client.
    private(set) var answered = false
    /// The client connection failed or timed out.
    private(set) var clientGone = false
    private var lastActivity: UInt64
    private var idleTimer: UInt64?
    /// Reading is paused because the app cannot take more bytes (not a client stall).
    private(set) var pausedByApp = false

    init(app: AppContext, context: any HTTPRequestContext) {
        self.app = app
        self.context = context
        self.startedAt = context.receivedAtNanoseconds
        self.lastActivity = MonotonicClock.nanoseconds
    }

    var metrics: AppMetrics { app.metrics }
    var s3: S3Client { app.s3(on: context.eventLoop) }

    // MARK: - HTTPRequestHandler

    func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) {
        lastActivity = MonotonicClock.nanoseconds
        metrics.fromClients.body.add(bytes.count)
    }

    func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {
        cancelIdleTimer()
    }

    func receiveError(_ error: HTTPRequestError, context: any HTTPRequestContext) {
        guard !clientGone else { return }
        clientGone = true
        cancelIdleTimer()
        metrics.recordError("client:\(error.description)")
        if !answered { metrics.clientRequestTime.record(since: startedAt, now: MonotonicClock.nanoseconds) }
        clientFailed()
    }

    func writabilityChanged(context: any HTTPRequestContext) {}

    /// The client left, stalled or sent less than it declared: release upstream work.
    func clientFailed() {}

    // MARK: - Answering

    /// Writes a JSON answer once; later calls (and calls after the client left) do nothing.
    func respond(status: Int, json: [UInt8]) {
        respond(status: status, contentType: "application/json", body: json)
    }

    func respond(error: APIError) {
        metrics.recordError(error.label)
        respond(status: error.status, json: error.jsonBody)
    }

    func respond(status: Int, contentType: String?, body: [UInt8]) {
        guard !answered, !clientGone else { return }
        answered = true
        cancelIdleTimer()
        var headers = HTTPHeaders()
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        headers.add(name: "Content-Length", value: String(body.count))
        metrics.toClients.head.add(Self.responseHeadBytes(status: status, headers: headers))
        metrics.toClients.body.add(body.count)
        context.respond(status: status, headers: headers, body: body)
        metrics.clientRequestTime.record(since: startedAt, now: MonotonicClock.nanoseconds)
    }

    // MARK: - Backpressure and idle timeout

    func pauseClient() {
        guard !pausedByApp, !answered, !clientGone else { return }
        pausedByApp = true
        context.pauseReading()
    }

    func resumeClient() {
        guard pausedByApp, !answered, !clientGone else { return }
        pausedByApp = false
        lastActivity = MonotonicClock.nanoseconds
        context.resumeReading()
    }

    /// Starts watching for a client that sends no body bytes for `bodyIdleTimeout`
    /// (time spent paused by the app does not count).
    func armIdleTimer() {
        let timeout = app.configuration.bodyIdleTimeout.nanoseconds
        let due = lastActivity + timeout
        let now = MonotonicClock.nanoseconds
        let wait = due > now ? due - now : 0
        idleTimer = context.eventLoop.scheduleTimer(after: .nanoseconds(Int64(wait))) { [weak self] in
            guard let self, self.idleTimer != nil else { return }
            self.idleTimer = nil
            if self.pausedByApp { self.lastActivity = MonotonicClock.nanoseconds }
            if MonotonicClock.nanoseconds - self.lastActivity >= timeout {
                self.clientStalled()
            } else {
                self.armIdleTimer()
            }
        }
    }

    private func cancelIdleTimer() {
        if let idleTimer { context.eventLoop.cancelTimer(idleTimer) }
        idleTimer = nil
    }

    /// The client stalled: release upstream work, then answer 408 and close.
    private func clientStalled() {
        guard !answered, !clientGone else { return }
        clientFailed()
        context.closeAfterResponse()
        respond(error: .requestTimeout)
    }

    // MARK: - Head sizes

    /// The size of a request head as received (request line, fields, blank line).
    static func requestHeadBytes(_ head: HTTPRequestHead) -> Int {
        head.method.utf8.count + 1 + head.target.utf8.count + 11 + fieldsBytes(head.headers) + 2
    }

    /// The size of a response head as written: status line, the given fields, blank line.
    static func responseHeadBytes(status: Int, headers: HTTPHeaders) -> Int {
        // "HTTP/1.1 NNN " plus a short reason phrase and CRLF.
        13 + 4 + fieldsBytes(headers) + 2
    }

    private static func fieldsBytes(_ headers: HTTPHeaders) -> Int {
        headers.reduce(0) { $0 + $1.name.utf8.count + 2 + $1.value.utf8.count + 2 }
    }
}

@available(*, unavailable)
extension AppRequestHandler: Sendable {}
