// SPDX-License-Identifier: Apache-2.0

import HTTPCore

/// Streams a PutObject or UploadPart body into a sink while hashing it; the
/// result becomes visible only after every check passed.
final class UploadHandler: HTTPRequestHandler {
    /// A body that passed every check.
    struct Finished {
        var size: Int64
        var digests: BodyDigests.Result
        var body: StoredBody
    }

    private let exchange: S3Exchange
    private let sink: BodySink
    private let digests: BodyDigests
    private let decoder: AWSChunkedDecoder?
    private let declaredSize: Int64
    private let pacer: BodyPacer
    private let commit: (S3Exchange, Finished) throws(S3Error) -> Void
    private var resetAfter: Int64?

    init(
        _ exchange: S3Exchange,
        sink: BodySink,
        digests: BodyDigests,
        decoder: AWSChunkedDecoder?,
        declaredSize: Int64,
        commit: @escaping (S3Exchange, Finished) throws(S3Error) -> Void
    ) {
        self.exchange = exchange
        self.sink = sink
        self.digests = digests
        self.decoder = decoder
        self.declaredSize = declaredSize
        self.commit = commit
        resetAfter = exchange.decision.resetAfterBytes
        pacer = BodyPacer(exchange)
        pacer.onTimeout = { [sink] in sink.abandon() }
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) {
        guard !exchange.isAnswered else { return }
        exchange.entry.bodyBytes += Int64(bytes.count)
        pacer.received(bytes.count)
        if let resetAfter, exchange.entry.bodyBytes >= resetAfter {
            pacer.stop()
            sink.abandon()
            exchange.resetConnection()
            return
        }
        do throws(S3Error) {
            if let decoder {
                try decoder.feed(bytes) { chunk throws(S3Error) in try consume(chunk) }
            } else {
                try consume(bytes)
            }
        } catch {
            abandon(with: error)
        }
    }

    private func consume(_ bytes: UnsafeRawBufferPointer) throws(S3Error) {
        guard digests.count + Int64(bytes.count) <= declaredSize else {
            throw .incompleteBody(declared: declaredSize, received: digests.count + Int64(bytes.count))
        }
        digests.update(bytes)
        try sink.write(bytes)
    }

    func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {
        pacer.finish()
        guard !exchange.isAnswered else { return }
        do throws(S3Error) {
            if let decoder, !decoder.isComplete {
                throw .incompleteBody(declared: declaredSize, received: digests.count)
            }
            guard digests.count == declaredSize else {
                throw .incompleteBody(declared: declaredSize, received: digests.count)
            }
            let result = try digests.verify(trailers: decoder?.trailers ?? trailers.fields)
            countHashing()
            let body = try sink.finish()
            do throws(S3Error) {
                try commit(exchange, Finished(size: declaredSize, digests: result, body: body))
            } catch {
                body.remove()
                throw error
            }
        } catch {
            abandon(with: error)
        }
    }

    func failureBody(for error: HTTPRequestError, status: Int) -> HTTPFailureBody? {
        exchange.failureBody(for: error, status: status)
    }

    func receiveError(_ error: HTTPRequestError, context: any HTTPRequestContext) {
        pacer.stop()
        sink.abandon()
        exchange.connectionFailed(error)
    }

    private func abandon(with error: S3Error) {
        pacer.stop()
        sink.abandon()
        countHashing()
        exchange.fail(error)
    }

    private func countHashing() {
        if digests.hashesMD5 { exchange.entry.md5Bytes = digests.count }
        if digests.hashesSHA256 { exchange.entry.sha256Bytes = digests.count }
        if digests.hashesChecksum { exchange.entry.checksumBytes = digests.count }
        exchange.entry.sha256Bytes += decoder?.hashedBytes ?? 0
    }
}
