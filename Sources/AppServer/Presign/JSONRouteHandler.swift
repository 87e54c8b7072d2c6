// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPCore

/// The presign routes: reads a small JSON body, then answers from the presign
/// logic, calling S3 itself (header auth) to create, complete and abort
/// multipart uploads and to confirm stored objects.
final class JSONRouteHandler: AppRequestHandler, S3CallDelegate {
    /// What the handler waits for from S3.
    fileprivate enum Step {
        case create(MultipartPlan)
        case complete(key: String)
        case completedHead(key: String, etag: String)
        case abort
        case confirm(key: String)
    }

    private let route: Route
    private var body: [UInt8] = []
    private var step: Step?

    /// Largest JSON body accepted.
    static let maxBodyBytes = 256 * 1024

    init(app: AppContext, context: any HTTPRequestContext, route: Route) {
        self.route = route
        super.init(app: app, context: context)
    }

    override func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) {
        super.receiveBody(bytes, context: context)
        guard !answered else { return }
        guard body.count + bytes.count <= Self.maxBodyBytes else {
            releaseBody()
            context.closeAfterResponse()
            respond(error: .entityTooLarge(limit: Int64(Self.maxBodyBytes)))
            return
        }
        body.append(contentsOf: bytes)
        metrics.bufferedBytes.add(bytes.count)
    }

    override func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {
        super.receiveEnd(trailers: trailers, context: context)
        guard !answered else { return }
        let request = body
        releaseBody()
        do {
            try dispatch(request)
        } catch {
            respond(error: error)
        }
    }

    private func releaseBody() {
        metrics.bufferedBytes.add(-body.count)
        body = []
    }

    private var now: Date { app.configuration.clock() }

    private func dispatch(_ request: [UInt8]) throws(APIError) {
        let presign = app.presign
        switch route {
        case .presignPut:
            let answer = try presign.presignPut(API.decode(API.PresignRequest.self, from: request), at: now)
            answerPresign(API.encode(answer))
        case .presignPost:
            let answer = try presign.presignPost(API.decode(API.PresignRequest.self, from: request), at: now)
            answerPresign(API.encode(answer))
        case .multipartPartURL:
            let asked = try API.decode(API.PartURLRequest.self, from: request)
            let answer = try presign.partURL(key: asked.key, uploadID: asked.uploadID, partNumber: asked.partNumber, at: now)
            answerPresign(API.encode(answer))
        case .multipartCreate:
            let plan = try presign.multipartPlan(API.decode(API.MultipartCreateRequest.self, from: request))
            var call = S3Request(method: "POST", key: plan.key, operation: "create_multipart")
            call.query = [(name: "uploads", value: "")]
            if let contentType = plan.contentType { call.headers = [(name: "Content-Type", value: contentType)] }
            start(call, body: .none, then: .create(plan))
        case .multipartComplete:
            let asked = try API.decode(API.MultipartCompleteRequest.self, from: request)
            let key = try app.keys.confinedKey(asked.key)
            try presign.checkUploadID(asked.uploadID)
            let parts = try Self.checkedParts(asked.parts)
            var call = S3Request(method: "POST", key: key, operation: "complete_multipart")
            call.query = [(name: "uploadId", value: asked.uploadID)]
            start(call, body: .bytes(S3XML.completeMultipartUpload(parts), hash: .unknown), then: .complete(key: key))
        case .multipartAbort:
            let asked = try API.decode(API.MultipartAbortRequest.self, from: request)
            let key = try app.keys.confinedKey(asked.key)
            try presign.checkUploadID(asked.uploadID)
            var call = S3Request(method: "DELETE", key: key, operation: "abort_multipart")
            call.query = [(name: "uploadId", value: asked.uploadID)]
            start(call, body: .none, then: .abort)
        case .confirm:
            let key = try app.keys.confinedKey(API.decode(API.ConfirmRequest.self, from: request).key)
            start(S3Request(method: "HEAD", key: key, operation: "head"), body: .none, then: .confirm(key: key))
        case .health, .proxyUpload, .stats, .measurementWindow:
            respond(status: 200, contentType: "text/plain", body: Array("ok".utf8))
        }
    }

    private static func checkedParts(_ parts: [API.CompletedPart]) throws(APIError) -> [(number: Int, etag: String)] {
        guard !parts.isEmpty, parts.count <= AppServerConfiguration.maxPartCount else {
            throw .invalidRequest("parts must list 1 to 10000 parts.")
        }
        var seen = Set<Int>()
        for part in parts {
            guard (1...AppServerConfiguration.maxPartCount).contains(part.partNumber), seen.insert(part.partNumber).inserted,
                  !part.etag.isEmpty, part.etag.utf8.count <= 128
            else {
                throw .invalidRequest("Each part needs a distinct part_number from 1 to 10000 and its etag.")
            }
        }
        return parts.map { (number: $0.partNumber, etag: $0.etag) }
    }

    private func answerPresign(_ json: [UInt8]) {
        respond(status: 200, json: json)
        metrics.presignTime.record(since: startedAt, now: MonotonicClock.nanoseconds)
    }

    private func start(_ request: S3Request, body: S3Body, then step: Step) {
        self.step = step
        _ = s3.start(request, body: body, objectData: false, delegate: self)
    }

    func s3CallWritable(_ call: S3Call) {}

    func s3Call(_ call: S3Call, finished result: Result<S3Response, APIError>) {
        guard let step else { return }
        self.step = nil
        let response: S3Response
        switch result {
        case .success(let success):
            response = success
        case .failure(let error):
            if case .confirm = step, error.label == "NoSuchKey" || error.label == "NotFound" {
                respond(error: .notFound)
            } else {
                respond(error: error.clientFault(among: step.clientFaultCodes))
            }
            return
        }
        do {
            try advance(step, with: response)
        } catch {
            respond(error: error)
        }
    }

    private func advance(_ step: Step, with response: S3Response) throws(APIError) {
        switch step {
        case .create(let plan):
            guard let uploadID = S3XML.firstValue(of: "UploadId", in: response.body), !uploadID.isEmpty else {
                throw .s3(code: "InvalidResponse", status: 502, message: "CreateMultipartUpload answered no UploadId.")
            }
            answerPresign(API.encode(try app.presign.multipartCreated(plan, uploadID: uploadID, at: now)))
        case .complete(let key):
            let etag = S3XML.firstValue(of: "ETag", in: response.body) ?? response.etag
            // CompleteMultipartUpload does not say the size; S3 does on HEAD.
            start(S3Request(method: "HEAD", key: key, operation: "head"), body: .none,
                  then: .completedHead(key: key, etag: etag))
        case .completedHead(let key, let etag):
            answerPresign(API.encode(API.StoredObject(key: key, size: Self.size(of: response), etag: etag)))
        case .abort:
            respond(status: 204, contentType: nil, body: [])
            metrics.presignTime.record(since: startedAt, now: MonotonicClock.nanoseconds)
        case .confirm(let key):
            answerPresign(API.encode(API.StoredObject(key: key, size: Self.size(of: response), etag: response.etag)))
        }
    }

    private static func size(of response: S3Response) -> Int64 {
        response.headers["Content-Length"].flatMap { Int64($0) } ?? 0
    }
}

extension JSONRouteHandler.Step {
    /// S3 codes that only the client's own values can cause at this step: an
    /// upload id it sent that S3 does not know (never made, completed or
    /// aborted), part ETags that match no uploaded part, or parts it uploaded
    /// below the minimum size. The app sorts the parts, so `InvalidPartOrder`
    /// would be the app's fault and is not listed.
    fileprivate var clientFaultCodes: Set<String> {
        switch self {
        case .complete: ["NoSuchUpload", "InvalidPart", "EntityTooSmall"]
        case .abort: ["NoSuchUpload"]
        case .create, .completedHead, .confirm: []
        }
    }
}
