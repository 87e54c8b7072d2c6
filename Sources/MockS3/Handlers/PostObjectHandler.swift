// SPDX-License-Identifier: Apache-2.0

import HTTPCore

/// Streams a browser POST form: collects the fields before the `file` part
/// (bounded), checks the policy when the file starts, streams the file into a
/// sink while hashing it, and ignores what follows the file, as S3 does.
final class PostObjectHandler: HTTPRequestHandler {
    /// What the fields decided once the file part started.
    struct Form {
        var key: ObjectKey
        var lengthRange: ClosedRange<Int64>
        var fields: [(name: String, value: String)]
        var acl: CannedACL
    }

    /// Everything the form produced, for the exchange to store and answer.
    struct Finished {
        var form: Form
        var upload: UploadHandler.Finished
    }

    private enum Phase {
        case fields
        case file(sink: BodySink, digests: BodyDigests, form: Form)
        case afterFile(sink: BodySink, digests: BodyDigests, form: Form)
        /// A file past the largest allowed size: only counted, so the refusal names its real size.
        case oversized(size: Int64, maximum: Int64)
        case ignored
    }

    private let exchange: S3Exchange
    private let parser: MultipartFormParser
    private let pacer: BodyPacer
    private let preDataLimit: Int
    private let start: (S3Exchange, [(name: String, value: String)], String?) throws(S3Error) -> (Form, BodySink, BodyDigests)
    private let commit: (S3Exchange, Finished) throws(S3Error) -> Void
    private var phase = Phase.fields
    private var fields: [(name: String, value: String)] = []
    /// The field being read: its name and bytes so far.
    private var field: (name: String, bytes: [UInt8])?
    private var preDataBytes = 0

    /// - Parameters:
    ///   - start: checks the fields when the file part begins; returns the form, a sink and digests.
    ///   - commit: stores the finished upload and answers.
    init(
        _ exchange: S3Exchange,
        boundary: String,
        preDataLimit: Int,
        start: @escaping (S3Exchange, [(name: String, value: String)], String?) throws(S3Error) -> (Form, BodySink, BodyDigests),
        commit: @escaping (S3Exchange, Finished) throws(S3Error) -> Void
    ) {
        self.exchange = exchange
        self.preDataLimit = preDataLimit
        self.start = start
        self.commit = commit
        parser = MultipartFormParser(boundary: boundary, maximumHeaderBytes: preDataLimit)
        pacer = BodyPacer(exchange)
        pacer.onTimeout = { [self] in abandonSink() }
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) {
        guard !exchange.isAnswered else { return }
        exchange.entry.bodyBytes += Int64(bytes.count)
        pacer.received(bytes.count)
        do throws(S3Error) {
            try parser.feed(bytes) { event throws(S3Error) in try handle(event) }
        } catch {
            abandon(with: error)
        }
    }

    private func handle(_ event: MultipartFormParser.Event) throws(S3Error) {
        switch (event, phase) {
        case (.partStart(let part), .fields):
            try countPreData(part.size)
            guard part.name.lowercased() == "file" else {
                field = (part.name, [])
                return
            }
            let (form, sink, digests) = try start(exchange, fields, part.filename)
            phase = .file(sink: sink, digests: digests, form: form)
        case (.data(let bytes), .fields):
            try countPreData(bytes.count)
            field?.bytes.append(contentsOf: bytes)
        case (.partEnd, .fields):
            if let field { fields.append((field.name, String(decoding: field.bytes, as: UTF8.self))) }
            field = nil
        case (.data(let bytes), .file(let sink, let digests, let form)):
            // Past the largest allowed size nothing more is kept, as S3 reads on to report the size.
            if digests.count + Int64(bytes.count) > form.lengthRange.upperBound {
                sink.abandon()
                countHashing(digests)
                phase = .oversized(size: digests.count + Int64(bytes.count), maximum: form.lengthRange.upperBound)
                return
            }
            digests.update(bytes)
            try sink.write(bytes)
        case (.data(let bytes), .oversized(let size, let maximum)):
            phase = .oversized(size: size + Int64(bytes.count), maximum: maximum)
        case (.partEnd, .oversized(let size, let maximum)):
            phase = .ignored
            throw .entityTooLarge(proposed: size, maximum: maximum)
        case (.partEnd, .file(let sink, let digests, let form)):
            if digests.count < form.lengthRange.lowerBound {
                throw .entityTooSmall(proposed: digests.count, minimum: form.lengthRange.lowerBound)
            }
            phase = .afterFile(sink: sink, digests: digests, form: form)
        case (_, .afterFile), (_, .ignored), (.partStart, .file), (.partStart, .oversized):
            break
        }
    }

    private func countPreData(_ count: Int) throws(S3Error) {
        preDataBytes += count
        notePeak()
        guard preDataBytes <= preDataLimit else { throw .maxPostPreDataLengthExceeded }
    }

    func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {
        pacer.finish()
        guard !exchange.isAnswered else { return }
        notePeak()
        do throws(S3Error) {
            try parser.finish()
            guard case .afterFile(let sink, let digests, let form) = phase else { throw .postWithoutFile }
            let result = try digests.verify(trailers: [])
            countHashing(digests)
            let body = try sink.finish()
            phase = .ignored
            do throws(S3Error) {
                try commit(exchange, Finished(form: form, upload: .init(size: digests.count, digests: result, body: body)))
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
        abandonSink()
        exchange.connectionFailed(error)
    }

    private func notePeak() {
        exchange.entry.postBufferPeak = max(exchange.entry.postBufferPeak, parser.peakBuffered + preDataBytes)
    }

    private func abandon(with error: S3Error) {
        notePeak()
        pacer.stop()
        abandonSink()
        exchange.fail(error)
    }

    private func abandonSink() {
        switch phase {
        case .file(let sink, let digests, _), .afterFile(let sink, let digests, _):
            sink.abandon()
            countHashing(digests)
        case .fields, .oversized, .ignored: break
        }
        phase = .ignored
    }

    private func countHashing(_ digests: BodyDigests) {
        if digests.hashesMD5 { exchange.entry.md5Bytes = digests.count }
    }
}
