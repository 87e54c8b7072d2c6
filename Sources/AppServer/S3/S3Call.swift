// SPDX-License-Identifier: Apache-2.0

import Digest
import Glibc
import HTTPCore
import SigV4

/// Receives the outcome of one `S3Call`, on the loop that started it.
protocol S3CallDelegate: AnyObject {
    /// A streamed body may take more bytes (after `write` returned false).
    func s3CallWritable(_ call: S3Call)
    /// The call finished: S3's 2xx answer, or an error for the client.
    func s3Call(_ call: S3Call, finished result: Result<S3Response, APIError>)
}

/// One signed request to S3: signs the head, frames and pumps the body with
/// backpressure, collects the answer and accounts for every byte.
///
/// Loop-bound. The call keeps its delegate until it finishes or is cancelled,
/// so a handler whose client left still hears how its S3 calls end.
final class S3Call: UpstreamExchangeDelegate {
    private enum State {
        case created
        case sending
        case awaitingResponse
        case done
    }

    let request: S3Request
    private let client: S3Client
    private var body: S3Body
    private let objectData: Bool
    private var delegate: S3CallDelegate?
    private var state = State.created
    private var exchange: UpstreamExchange?
    private var encoder: AWSChunkedEncoder?
    /// aws-chunked data not yet framed (streamed bodies only), `chunkFill` bytes used.
    private var chunk: [UInt8] = []
    private var chunkFill = 0
    private var readBuffer: [UInt8] = []
    /// Decoded body bytes taken so far.
    private var sent: Int64 = 0
    private var writable = true
    /// Bytes this call counts in `bufferedBytes`: its own buffers, then the exchange's queue.
    private var ownBuffers = 0
    private var queued = 0
    private var status = 0
    private var responseHeaders = HTTPHeaders()
    private var responseBody: [UInt8] = []
    private var startedAt: UInt64 = 0
    private var attempts = 0

    /// Largest S3 answer body kept (errors and XML results are far smaller).
    private static let maxResponseBody = 1 << 20
    /// Slice size when pumping an owned body without aws-chunked framing.
    private static let pumpSlice = 256 * 1024

    init(client: S3Client, request: S3Request, body: S3Body, objectData: Bool, delegate: S3CallDelegate) {
        self.client = client
        self.request = request
        self.body = body
        self.objectData = objectData
        self.delegate = delegate
    }

    private var metrics: AppMetrics { client.metrics }
    private var configuration: AppServerConfiguration { client.configuration }

    /// Signs and sends the head, then the body if the call owns it.
    func start() {
        let length = body.length
        let payload = payloadHash()
        let streaming = payload == .streamingSigned
        let wireLength = streaming
            ? AWSChunkedEncoder.encodedLength(decodedLength: length, chunkSize: configuration.awsChunkSize)
            : length

        var headers = [(name: "Host", value: configuration.endpoint.hostHeader)]
        if request.method == "PUT" || request.method == "POST" {
            headers.append((name: "Content-Length", value: String(wireLength)))
        }
        headers += request.headers
        if streaming {
            headers.append((name: "Content-Encoding", value: "aws-chunked"))
            headers.append((name: "x-amz-decoded-content-length", value: String(length)))
        }
        let signature = client.signer.signHeaders(
            method: request.method, path: client.path(of: request.key), query: request.query,
            headers: headers, payload: payload, date: configuration.clock()
        )
        let query = signature.canonicalRequest.query
        let target = signature.canonicalRequest.uri + (query.isEmpty ? "" : "?" + query)
        let head = HTTPRequestHead(method: request.method, target: target, headers: HTTPHeaders(signature.headers))

        if streaming {
            encoder = AWSChunkedEncoder(signer: signature.chunkSigner())
            if case .streamed = body {
                chunk = [UInt8](repeating: 0, count: configuration.awsChunkSize)
                hold(chunk.count)
            }
        }
        attempts += 1
        if attempts == 1 {
            startedAt = MonotonicClock.nanoseconds
            metrics.upstreamRequests.add(1)
        }
        state = .sending
        let (exchange, headBytes) = client.connector.start(head, contentLength: wireLength, delegate: self)
        self.exchange = exchange
        metrics.toS3.head.add(headBytes)
        pump()
    }

    /// Body bytes of a `.streamed` body; false when the caller should wait for `s3CallWritable`.
    /// The call takes every byte; it finishes the body by itself once the declared length arrived.
    @discardableResult
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard state == .sending, case .streamed = body else { return false }
        if encoder != nil {
            var offset = 0
            while offset < bytes.count {
                let take = min(chunk.count - chunkFill, bytes.count - offset)
                chunk.withUnsafeMutableBytes { destination in
                    destination.baseAddress!.advanced(by: chunkFill)
                        .copyMemory(from: bytes.baseAddress!.advanced(by: offset), byteCount: take)
                }
                chunkFill += take
                offset += take
                if chunkFill == chunk.count { flushChunk() }
            }
        } else {
            send(bytes, isBody: true)
        }
        sent += Int64(bytes.count)
        if sent >= body.length { finishBody() }
        updateQueued()
        return writable
    }

    /// Closes the upstream connection before the body completes, so S3 stores
    /// nothing; no delegate call follows.
    func cancel() {
        guard state != .done else { return }
        state = .done
        exchange?.abort()
        release()
        delegate = nil
    }

    // MARK: - Sending

    private func payloadHash() -> PayloadHash {
        guard objectData else {
            if case .bytes(let bytes, _) = body { return .sha256(Encoding.hex(Hash.sha256(bytes))) }
            return .empty
        }
        switch configuration.payloadSigning {
        case .unsigned:
            return .unsigned
        case .streaming:
            return .streamingSigned
        case .signed:
            switch body {
            case .none: return .empty
            case .bytes(_, .sha256(let digest)), .file(_, _, .sha256(let digest)):
                return .sha256(Encoding.hex(digest))
            case .bytes(let bytes, .unknown): return .sha256(Encoding.hex(Hash.sha256(bytes)))
            case .file(let descriptor, let length, .unknown): return .sha256(Encoding.hex(hashFile(descriptor, length)))
            // Refused at configuration time: a streamed body's hash is not known before sending.
            case .streamed: return .unsigned
            }
        }
    }

    /// Sends owned bodies while the exchange takes them.
    private func pump() {
        switch body {
        case .none:
            finishBody()
        case .streamed(let length):
            if length == 0 { finishBody() }
        case .bytes(let bytes, _):
            let slice = encoder == nil ? Self.pumpSlice : configuration.awsChunkSize
            while state == .sending && writable && sent < Int64(bytes.count) {
                let end = min(Int(sent) + slice, bytes.count)
                bytes.withUnsafeBytes { sendData(UnsafeRawBufferPointer(rebasing: $0[Int(sent)..<end])) }
                sent = Int64(end)
            }
            if state == .sending && sent == Int64(bytes.count) { finishBody() }
        case .file(let descriptor, let length, _):
            let slice = encoder == nil ? Self.pumpSlice : configuration.awsChunkSize
            if readBuffer.isEmpty && length > 0 {
                readBuffer = [UInt8](repeating: 0, count: slice)
                hold(slice)
            }
            while state == .sending && writable && sent < length {
                let want = Int(min(Int64(slice), length - sent))
                let got = readBuffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, want, off_t(sent)) }
                guard got == want else {
                    fail(.internalError("Reading the spool file failed."))
                    return
                }
                readBuffer.withUnsafeBytes { sendData(UnsafeRawBufferPointer(rebasing: $0[0..<want])) }
                sent += Int64(want)
            }
            if state == .sending && sent == length { finishBody() }
        }
        updateQueued()
    }

    /// One slice of an owned body: one aws-chunked chunk, or plain bytes.
    private func sendData(_ bytes: UnsafeRawBufferPointer) {
        if encoder != nil {
            sendChunk(bytes)
        } else {
            send(bytes, isBody: true)
        }
    }

    private func flushChunk() {
        guard chunkFill > 0 else { return }
        chunk.withUnsafeBytes { sendChunk(UnsafeRawBufferPointer(rebasing: $0[0..<chunkFill])) }
        chunkFill = 0
    }

    private func sendChunk(_ bytes: UnsafeRawBufferPointer) {
        let header = encoder!.header(for: bytes)
        header.withUnsafeBytes { send($0, isBody: false) }
        send(bytes, isBody: true)
        AWSChunkedEncoder.chunkEnd.withUnsafeBytes { send($0, isBody: false) }
    }

    private func finishBody() {
        guard state == .sending else { return }
        if encoder != nil {
            flushChunk()
            let last = encoder!.finalChunk()
            last.withUnsafeBytes { send($0, isBody: false) }
        }
        state = .awaitingResponse
        exchange?.finishBody()
    }

    /// Writes to the exchange; aws-chunked framing counts as head bytes.
    private func send(_ bytes: UnsafeRawBufferPointer, isBody: Bool) {
        guard let exchange else { return }
        if !exchange.writeBody(bytes) { writable = false }
        if isBody { metrics.toS3.body.add(bytes.count) } else { metrics.toS3.head.add(bytes.count) }
    }

    private func hashFile(_ descriptor: Int32, _ length: Int64) -> [UInt8] {
        var hash = IncrementalHash(.sha256)
        var buffer = [UInt8](repeating: 0, count: Self.pumpSlice)
        hold(buffer.count)
        defer { hold(-buffer.count) }
        var offset: Int64 = 0
        while offset < length {
            let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            guard got > 0 else { break }
            buffer.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
            offset += Int64(got)
        }
        return hash.finalize()
    }

    // MARK: - Accounting

    private func hold(_ bytes: Int) {
        ownBuffers += bytes
        metrics.bufferedBytes.add(bytes)
    }

    /// Moves the exchange's queued bytes into the gauge (observed at each write and drain).
    private func updateQueued() {
        let now = state == .done ? 0 : (exchange?.bufferedBytes ?? 0)
        if now != queued {
            metrics.bufferedBytes.add(now - queued)
            queued = now
        }
    }

    private func release() {
        chunk = []
        readBuffer = []
        metrics.bufferedBytes.add(-ownBuffers - queued)
        ownBuffers = 0
        queued = 0
        metrics.upstreamRequests.add(-1)
        metrics.s3RequestTime.record(since: startedAt, now: MonotonicClock.nanoseconds)
    }

    // MARK: - Response

    private func fail(_ error: APIError) {
        guard state != .done else { return }
        exchange?.abort()
        finish(.failure(error))
    }

    private func finish(_ result: Result<S3Response, APIError>) {
        guard state != .done else { return }
        state = .done
        release()
        if case .failure(let error) = result {
            metrics.recordError("s3:\(error.label)")
        }
        let delegate = self.delegate
        self.delegate = nil
        delegate?.s3Call(self, finished: result)
    }

    func upstreamWritable() {
        writable = true
        updateQueued()
        switch body {
        case .streamed:
            if state == .sending { delegate?.s3CallWritable(self) }
        default:
            if state == .sending { pump() }
        }
    }

    func upstreamResponseHead(status: Int, headers: HTTPHeaders) {
        self.status = status
        responseHeaders = headers
    }

    func upstreamResponseBody(_ bytes: UnsafeRawBufferPointer) {
        metrics.fromS3.body.add(bytes.count)
        if responseBody.count + bytes.count <= Self.maxResponseBody {
            responseBody.append(contentsOf: bytes)
        }
    }

    func upstreamResponseEnd(headBytes: Int) {
        metrics.fromS3.head.add(headBytes)
        guard state != .done else { return }
        if state == .sending {
            // S3 answered before the body was complete (an early error): the
            // connection cannot carry another request.
            exchange?.abort()
        }
        let response = S3Response(status: status, headers: responseHeaders, body: responseBody)
        if (200..<300).contains(status), S3XML.error(in: responseBody) == nil {
            finish(.success(response))
        } else if let (code, message) = S3XML.error(in: responseBody) {
            finish(.failure(.s3(code: code, status: status, message: message)))
        } else {
            // Spelled as the load generator names a status without a code (ErrorBody), so one
            // failure reads the same in the app's counters and in the client's error_codes.
            let code = status == 404 ? "NoSuchKey" : (status == 503 ? "SlowDown" : "http_\(status)")
            finish(.failure(.s3(code: code, status: status, message: "")))
        }
    }

    func upstreamFailed(_ error: APIError, retryable: Bool) {
        // S3 never saw a request that died on a stale keep-alive connection:
        // a body the call owns is sent once more, on a fresh connection.
        if retryable && attempts == 1 && state != .done && body.isReplayable {
            exchange = nil
            updateQueued()
            sent = 0
            writable = true
            metrics.recordError("s3:stale_connection_retried")
            start()
            return
        }
        fail(error)
    }
}

@available(*, unavailable)
extension S3Call: Sendable {}
