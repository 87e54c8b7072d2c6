// SPDX-License-Identifier: Apache-2.0

import HTTPCore

/// For a request already answered in the head stage: any body is ignored.
final class CompletedHandler: HTTPRequestHandler {
    private let exchange: S3Exchange

    init(_ exchange: S3Exchange) {
        self.exchange = exchange
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) {
        exchange.entry.bodyBytes += Int64(bytes.count)
    }

    func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {}

    func receiveError(_ error: HTTPRequestError, context: any HTTPRequestContext) {
        exchange.connectionFailed(error)
    }
}

/// For operations without a request body: runs `action` once the (empty) body ended.
final class ActionHandler: HTTPRequestHandler {
    private let exchange: S3Exchange
    private let action: (S3Exchange) throws(S3Error) -> Void

    init(_ exchange: S3Exchange, action: @escaping (S3Exchange) throws(S3Error) -> Void) {
        self.exchange = exchange
        self.action = action
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) {
        exchange.entry.bodyBytes += Int64(bytes.count)
    }

    func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {
        do throws(S3Error) {
            try action(exchange)
        } catch {
            exchange.fail(error)
        }
    }

    func receiveError(_ error: HTTPRequestError, context: any HTTPRequestContext) {
        exchange.connectionFailed(error)
    }
}

/// Collects a small request body (an XML document), checks its digests, then runs `action`.
final class BufferedBodyHandler: HTTPRequestHandler {
    private let exchange: S3Exchange
    private let limit: Int
    private let digests: BodyDigests
    private let pacer: BodyPacer
    private let action: (S3Exchange, [UInt8]) throws(S3Error) -> Void
    private var bytes: [UInt8] = []

    init(
        _ exchange: S3Exchange,
        limit: Int,
        expectations: BodyExpectations,
        action: @escaping (S3Exchange, [UInt8]) throws(S3Error) -> Void
    ) {
        self.exchange = exchange
        self.limit = limit
        self.action = action
        digests = BodyDigests(expectations, md5: false)
        pacer = BodyPacer(exchange)
    }

    func receiveBody(_ chunk: UnsafeRawBufferPointer, context: any HTTPRequestContext) {
        guard !exchange.isAnswered else { return }
        exchange.entry.bodyBytes += Int64(chunk.count)
        pacer.received(chunk.count)
        guard bytes.count + chunk.count <= limit else {
            pacer.stop()
            exchange.fail(.malformedXML)
            return
        }
        bytes.append(contentsOf: chunk)
        digests.update(chunk)
    }

    func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {
        pacer.finish()
        guard !exchange.isAnswered else { return }
        do throws(S3Error) {
            _ = try digests.verify(trailers: trailers.fields)
            try action(exchange, bytes)
        } catch {
            exchange.fail(error)
        }
    }

    func failureBody(for error: HTTPRequestError, status: Int) -> HTTPFailureBody? {
        exchange.failureBody(for: error, status: status)
    }

    func receiveError(_ error: HTTPRequestError, context: any HTTPRequestContext) {
        pacer.stop()
        exchange.connectionFailed(error)
    }
}
