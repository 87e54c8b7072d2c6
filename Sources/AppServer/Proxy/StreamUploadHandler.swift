// SPDX-License-Identifier: Apache-2.0

import HTTPCore

/// Stream mode: relays body bytes to S3 as they arrive.
///
/// The S3 PUT starts with the client's `Content-Length` (aws-chunked: the
/// encoded length), so it is never chunked. Memory stays bounded: when the
/// upstream socket's queue is above its high-water mark, the client is
/// paused until it drains. If the client fails before its body is complete,
/// the upstream connection is closed mid-body and S3 stores nothing.
final class StreamUploadHandler: AppRequestHandler, S3CallDelegate {
    private let key: String
    private let length: Int64
    private var call: S3Call?
    private var clientFinished = false
    private var stored: S3Response?

    init(app: AppContext, context: any HTTPRequestContext, key: String, length: Int64) {
        self.key = key
        self.length = length
        super.init(app: app, context: context)
        let request = S3Request(method: "PUT", key: key, headers: UploadRoute.singlePutHeaders(context.head), operation: "put")
        call = s3.start(request, body: .streamed(length: length), objectData: true, delegate: self)
    }

    override func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) {
        super.receiveBody(bytes, context: context)
        guard !answered, let call else { return }
        if !call.write(bytes) { pauseClient() }
    }

    override func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {
        super.receiveEnd(trailers: trailers, context: context)
        clientFinished = true
        if let stored { answer(stored) }
    }

    override func clientFailed() {
        call?.cancel()
        call = nil
    }

    func s3CallWritable(_ call: S3Call) {
        resumeClient()
    }

    func s3Call(_ call: S3Call, finished result: Result<S3Response, APIError>) {
        self.call = nil
        switch result {
        case .success(let response):
            if clientFinished { answer(response) } else { stored = response }
        case .failure(let error):
            context.closeAfterResponse()
            respond(error: error.clientFault(among: UploadRoute.digestFaultCodes))
        }
    }

    private func answer(_ response: S3Response) {
        metrics.proxyUploads.add(1)
        metrics.proxyUploadedBytes.add(Int(length))
        respond(status: 200, json: API.encode(API.StoredObject(key: key, size: length, etag: response.etag)))
    }
}
