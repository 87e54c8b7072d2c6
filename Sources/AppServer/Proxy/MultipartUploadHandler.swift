// SPDX-License-Identifier: Apache-2.0

import Digest
import HTTPCore

/// Multipart mode: creates a multipart upload as soon as the head arrives,
/// cuts the body into parts of `partSize` and uploads up to `partConcurrency`
/// of them at once, then completes the upload.
///
/// Memory is bounded by `(partConcurrency + 1) * partSize`: the client is
/// paused while that many part buffers are held. Any failure (client gone,
/// stalled, short body, S3 error) cancels the part uploads in flight and
/// aborts the multipart upload, so no parts stay behind.
///
/// A whole-object `Content-MD5` cannot go to S3, which sees only parts: the
/// body is hashed while it is relayed and a mismatch is answered 400
/// `BadDigest` instead of completing, the upload aborted.
final class MultipartUploadHandler: AppRequestHandler, S3CallDelegate {
    private enum Phase {
        case uploading
        case completing
        /// Failed; aborting the upload once its id is known.
        case aborting
        case done
    }

    private let key: String
    private let length: Int64
    private let partSize: Int
    private let partCount: Int
    private var phase = Phase.uploading
    private var uploadID: String?
    /// The part being filled, and its number.
    private var current: [UInt8] = []
    private var currentAllocated = false
    private var currentNumber = 1
    /// Full parts waiting for a free upload slot.
    private var waiting: [(number: Int, bytes: [UInt8])] = []
    private var inFlight: [ObjectIdentifier: (number: Int, call: S3Call)] = [:]
    private var etags: [Int: String] = [:]
    private var heldPartBuffers = 0
    private var clientFinished = false
    private var failure: APIError?
    /// The client's `Content-MD5`, and the hash of the body relayed so far.
    private let contentMD5: [UInt8]?
    private var md5: IncrementalHash?

    init(app: AppContext, context: any HTTPRequestContext, key: String, length: Int64, contentMD5: [UInt8]?) {
        self.key = key
        self.contentMD5 = contentMD5
        if contentMD5 != nil { md5 = IncrementalHash(.md5) }
        self.length = length
        self.partSize = app.configuration.partSize
        self.partCount = Int((length + Int64(app.configuration.partSize) - 1) / Int64(app.configuration.partSize))
        super.init(app: app, context: context)
        var request = S3Request(method: "POST", key: key, operation: "create_multipart")
        request.query = [(name: "uploads", value: "")]
        request.headers = UploadRoute.forwardedHeaders(context.head)
        _ = s3.start(request, body: .none, objectData: false, delegate: self)
    }

    private var maxPartBuffers: Int { app.configuration.partConcurrency + 1 }

    // MARK: - Client side

    override func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) {
        super.receiveBody(bytes, context: context)
        guard phase == .uploading else { return }
        md5?.update(bytes)
        var offset = 0
        while offset < bytes.count {
            if !currentAllocated { allocatePart() }
            let take = min(expectedSize(of: currentNumber) - current.count, bytes.count - offset)
            current.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
            offset += take
            if current.count == expectedSize(of: currentNumber) {
                waiting.append((currentNumber, current))
                current = []
                currentAllocated = false
                currentNumber += 1
            }
        }
        startParts()
        if heldPartBuffers >= maxPartBuffers { pauseClient() }
    }

    override func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {
        super.receiveEnd(trailers: trailers, context: context)
        if let expected = contentMD5, let hash = md5.take(), hash.finalize() != expected {
            fail(.badDigest)
            return
        }
        clientFinished = true
        completeIfDone()
    }

    override func clientFailed() {
        fail(nil)
    }

    private func expectedSize(of number: Int) -> Int {
        number < partCount ? partSize : Int(length - Int64(partSize) * Int64(partCount - 1))
    }

    private func allocatePart() {
        current.reserveCapacity(expectedSize(of: currentNumber))
        currentAllocated = true
        heldPartBuffers += 1
        metrics.bufferedBytes.add(expectedSize(of: currentNumber))
    }

    private func releasePart(number: Int) {
        heldPartBuffers -= 1
        metrics.bufferedBytes.add(-expectedSize(of: number))
    }

    // MARK: - S3 side

    private func startParts() {
        guard phase == .uploading, let uploadID else { return }
        while inFlight.count < app.configuration.partConcurrency, !waiting.isEmpty {
            let part = waiting.removeFirst()
            var request = S3Request(method: "PUT", key: key, operation: "upload_part")
            request.query = [(name: "partNumber", value: String(part.number)), (name: "uploadId", value: uploadID)]
            let call = s3.start(request, body: .bytes(part.bytes, hash: .unknown), objectData: true, delegate: self)
            inFlight[ObjectIdentifier(call)] = (part.number, call)
        }
    }

    private func completeIfDone() {
        guard phase == .uploading, clientFinished, let uploadID, etags.count == partCount else { return }
        phase = .completing
        var request = S3Request(method: "POST", key: key, operation: "complete_multipart")
        request.query = [(name: "uploadId", value: uploadID)]
        let body = S3XML.completeMultipartUpload(etags.map { (number: $0.key, etag: $0.value) })
        _ = s3.start(request, body: .bytes(body, hash: .unknown), objectData: false, delegate: self)
    }

    func s3CallWritable(_ call: S3Call) {}

    func s3Call(_ call: S3Call, finished result: Result<S3Response, APIError>) {
        switch call.request.operation {
        case "create_multipart":
            createFinished(result)
        case "upload_part":
            guard let part = inFlight.removeValue(forKey: ObjectIdentifier(call)) else { return }
            releasePart(number: part.number)
            partFinished(number: part.number, result)
        case "complete_multipart":
            completeFinished(result)
        default:
            abortFinished(result)
        }
    }

    private func createFinished(_ result: Result<S3Response, APIError>) {
        switch result {
        case .success(let response):
            guard let id = S3XML.firstValue(of: "UploadId", in: response.body), !id.isEmpty else {
                fail(.s3(code: "InvalidResponse", status: 502, message: "CreateMultipartUpload answered no UploadId."))
                return
            }
            uploadID = id
            metrics.multipartCreated.add(1)
            if phase == .aborting {
                sendAbort()
            } else {
                startParts()
            }
        case .failure(let error):
            fail(error)
        }
    }

    private func partFinished(number: Int, _ result: Result<S3Response, APIError>) {
        switch result {
        case .success(let response):
            etags[number] = response.etag
            startParts()
            if heldPartBuffers < maxPartBuffers { resumeClient() }
            completeIfDone()
        case .failure(let error):
            fail(error)
        }
    }

    private func completeFinished(_ result: Result<S3Response, APIError>) {
        switch result {
        case .success(let response):
            phase = .done
            let etag = S3XML.firstValue(of: "ETag", in: response.body) ?? response.etag
            metrics.proxyUploads.add(1)
            metrics.proxyUploadedBytes.add(Int(length))
            let answer = API.StoredObject(key: key, size: length, etag: etag, partSize: partSize)
            respond(status: 200, json: API.encode(answer))
        case .failure(let error):
            phase = .uploading
            fail(error)
        }
    }

    private func abortFinished(_ result: Result<S3Response, APIError>) {
        phase = .done
        if case .failure = result { metrics.recordError("AbortMultipartFailed") }
    }

    // MARK: - Failure

    /// Stops everything, aborts the upload, and answers `error` if the client is still there.
    private func fail(_ error: APIError?) {
        guard phase == .uploading || phase == .completing else { return }
        phase = .aborting
        // A create in flight is left to finish: S3 may already have made the
        // upload, and only its id lets it be aborted (see `createFinished`).
        for (_, part) in inFlight {
            part.call.cancel()
            releasePart(number: part.number)
        }
        inFlight.removeAll()
        for part in waiting { releasePart(number: part.number) }
        waiting.removeAll()
        if currentAllocated {
            releasePart(number: currentNumber)
            current = []
            currentAllocated = false
        }
        if uploadID != nil { sendAbort() }
        if let error {
            context.closeAfterResponse()
            respond(error: error)
        }
    }

    private func sendAbort() {
        guard let uploadID else { return }
        metrics.multipartAborted.add(1)
        var request = S3Request(method: "DELETE", key: key, operation: "abort_multipart")
        request.query = [(name: "uploadId", value: uploadID)]
        _ = s3.start(request, body: .none, objectData: false, delegate: self)
    }
}
