// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import Glibc
import HTTPCore

/// Buffer and spool modes: receive the whole body (into memory or a temporary
/// file), then PUT it to S3.
///
/// The designs many frameworks default to: memory (or disk) grows with the
/// object, S3 sees nothing until the client finished, and a signed payload
/// hash is possible because the body is known before sending. Hashing happens
/// while receiving, so the body is read once.
final class StoreAndForwardHandler: AppRequestHandler, S3CallDelegate {
    private enum Storage {
        case memory([UInt8])
        /// An unlinked temporary file: it disappears with its descriptor.
        case file(Int32)
        case released
    }

    private let key: String
    private let length: Int64
    private var storage: Storage
    private var hash: IncrementalHash?
    private var call: S3Call?
    /// Bytes written to the spool file so far.
    private var spooled = 0

    /// - Throws: `APIError.internalError` when no spool file can be created.
    init(app: AppContext, context: any HTTPRequestContext, key: String, length: Int64, spool: Bool) throws(APIError) {
        self.key = key
        self.length = length
        if spool {
            storage = .file(try Self.openSpoolFile(in: app.configuration.spoolDirectory))
        } else {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(length))
            storage = .memory(bytes)
        }
        if app.configuration.payloadSigning == .signed { hash = IncrementalHash(.sha256) }
        super.init(app: app, context: context)
        if !spool { metrics.bufferedBytes.add(Int(length)) }
    }

    override func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) {
        super.receiveBody(bytes, context: context)
        guard !answered else { return }
        hash?.update(bytes)
        switch storage {
        case .memory(var buffer):
            storage = .released
            buffer.append(contentsOf: bytes)
            storage = .memory(buffer)
        case .file(let descriptor):
            guard Self.writeAll(descriptor, bytes) else {
                releaseStorage()
                context.closeAfterResponse()
                respond(error: .internalError("Writing the spool file failed."))
                return
            }
            spooled += bytes.count
            metrics.spooledBytes.add(bytes.count)
        case .released:
            break
        }
    }

    override func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {
        super.receiveEnd(trailers: trailers, context: context)
        guard !answered else { return }
        var digest = PayloadHashSource.unknown
        if let finished = hash.take() { digest = .sha256(finished.finalize()) }
        let body: S3Body
        switch storage {
        case .memory(let buffer): body = .bytes(buffer, hash: digest)
        case .file(let descriptor): body = .file(descriptor: descriptor, length: length, hash: digest)
        case .released: return
        }
        let request = S3Request(method: "PUT", key: key, headers: UploadRoute.singlePutHeaders(context.head), operation: "put")
        call = s3.start(request, body: body, objectData: true, delegate: self)
    }

    override func clientFailed() {
        call?.cancel()
        call = nil
        releaseStorage()
    }

    func s3CallWritable(_ call: S3Call) {}

    func s3Call(_ call: S3Call, finished result: Result<S3Response, APIError>) {
        self.call = nil
        releaseStorage()
        switch result {
        case .success(let response):
            metrics.proxyUploads.add(1)
            metrics.proxyUploadedBytes.add(Int(length))
            respond(status: 200, json: API.encode(API.StoredObject(key: key, size: length, etag: response.etag)))
        case .failure(let error):
            respond(error: error.clientFault(among: UploadRoute.digestFaultCodes))
        }
    }

    private func releaseStorage() {
        switch storage {
        case .memory:
            metrics.bufferedBytes.add(-Int(length))
        case .file(let descriptor):
            close(descriptor)
            metrics.spooledBytes.add(-spooled)
            spooled = 0
        case .released:
            break
        }
        storage = .released
    }

    // MARK: - Spool files

    private static func openSpoolFile(in directory: String) throws(APIError) -> Int32 {
        var template = Array("\(directory)/upload-bench-spool-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .internalError("Creating a spool file failed.") }
        // Unlinked at once: the file vanishes when the descriptor closes, even after a crash.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return descriptor
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress!.advanced(by: offset), bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}
