// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPCore

/// What every route's handler shares: answering once, counting errors,
/// pausing the client for backpressure, and the request's timing.
///
/// Client bytes and stalls are the server's business: it counts heads and
/// bodies exactly, and a body that stalls past `bodyIdleTimeout` (time paused
/// by the handler does not count) ends in `receiveError(.timedOut)`.
/// Loop-bound; subclasses override the `HTTPRequestHandler` methods they need.
class AppRequestHandler: HTTPRequestHandler {
    let app: AppContext
    /// Unusable once `answered` or `clientGone`.
    let context: any HTTPRequestContext
    let startedAt: UInt64
    /// A response was written; nothing more goes to the client.
    private(set) var answered = false
    /// The client connection failed, stalled or sent less than it declared.
    private(set) var clientGone = false
    /// Reading is paused because the app cannot take more bytes yet.
    private var pausedByApp = false
    /// Counted in `AppMetrics.requestsInProgress` until answered or the client is gone.
    private var inProgress = true

    init(app: AppContext, context: any HTTPRequestContext) {
        self.app = app
        self.context = context
        self.startedAt = context.receivedAtNanoseconds
        app.metrics.requestsInProgress.add(1)
    }

    deinit {
        if inProgress { app.metrics.requestsInProgress.add(-1) }
    }

    /// The request no longer holds the client: it was answered, or the client left.
    private func leaveProgress() {
        guard inProgress else { return }
        inProgress = false
        metrics.requestsInProgress.add(-1)
    }

    var metrics: AppMetrics { app.metrics }
    var s3: S3Client { app.s3(on: context.eventLoop) }

    // MARK: - HTTPRequestHandler

    func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) {}

    func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {}

    func receiveError(_ error: HTTPRequestError, context: any HTTPRequestContext) {
        guard !clientGone else { return }
        clientGone = true
        leaveProgress()
        metrics.recordError("client:\(error.description)")
        if !answered { metrics.clientRequestTime.record(since: startedAt, now: MonotonicClock.nanoseconds) }
        clientFailed()
    }

    func writabilityChanged(context: any HTTPRequestContext) {}

    /// The server answers a stalled, malformed or early-ended body itself; this
    /// gives that answer the JSON error body every other answer has, so clients see a code.
    func failureBody(for error: HTTPRequestError, status: Int) -> HTTPFailureBody? {
        let answer: APIError = switch error {
        case .timedOut: .requestTimeout
        case .connectionClosed: .incompleteBody
        default: .invalidRequest("The chunked framing of the body was invalid.")
        }
        guard !answered, !clientGone, answer.status == status else { return nil }
        return HTTPFailureBody(contentType: "application/json", bytes: answer.jsonBody)
    }

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
        leaveProgress()
        var headers = HTTPHeaders()
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        context.respond(status: status, headers: headers, body: body)
        metrics.clientRequestTime.record(since: startedAt, now: MonotonicClock.nanoseconds)
    }

    // MARK: - Backpressure

    func pauseClient() {
        guard !pausedByApp, !answered, !clientGone else { return }
        pausedByApp = true
        context.pauseReading()
    }

    func resumeClient() {
        guard pausedByApp, !answered, !clientGone else { return }
        pausedByApp = false
        context.resumeReading()
    }
}

@available(*, unavailable)
extension AppRequestHandler: Sendable {}
