// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import HTTPCore
import Synchronization

// TODO: replace with MockS3Server (owner mocks3), which also verifies signatures,
// once it serves over HTTPCore on main.

/// A minimal S3 for the app server's tests: PUT object, multipart
/// create/part/complete/abort and HEAD, keeping only each object's size and
/// MD5. Decodes aws-chunked bodies. Can answer PUTs with an injected error.
final class FakeS3: Sendable {
    struct Object: Sendable, Equatable {
        var size: Int
        var md5: [UInt8]
        var etag: String
    }

    private struct State {
        var objects: [String: Object] = [:]
        var uploads: [String: [Int: (size: Int, md5: [UInt8])]] = [:]
        var nextUpload = 1
        var failPuts: (status: Int, code: String)?
        var requests: [String] = []
    }

    private let state = Mutex(State())
    private let server: HTTPServer

    init() {
        let box = StateBox()
        server = HTTPServer(configuration: HTTPServerConfiguration(threadCount: 1, threadNamePrefix: "fake-s3"), responder: box)
        box.owner.withLock { $0 = Unowned(self) }
    }

    func start() throws -> Int { try server.start() }
    func shutdown() { server.shutdown(gracePeriod: .zero) }

    var objects: [String: Object] { state.withLock { $0.objects } }
    var openUploads: Int { state.withLock { $0.uploads.count } }
    /// `METHOD path?query` of every request so far.
    var requests: [String] { state.withLock { $0.requests } }

    func failPuts(status: Int, code: String) {
        state.withLock { $0.failPuts = (status, code) }
    }

    fileprivate func handle(_ head: HTTPRequestHead, body: [UInt8]?, md5: [UInt8], size: Int) -> (Int, HTTPHeaders, String) {
        state.withLock { state in
            state.requests.append("\(head.method) \(head.target)")
            let path = String(head.rawPath.dropFirst())
            guard let slash = path.firstIndex(of: "/") else { return (400, [:], "") }
            let key = String(path[path.index(after: slash)...]).removingPercentEncoding ?? ""
            let query = Dictionary(
                (head.rawQuery ?? "").split(separator: "&").map { pair -> (String, String) in
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    return (String(parts[0]), parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? "" : "")
                },
                uniquingKeysWith: { first, _ in first }
            )
            if head.method == "PUT", let failure = state.failPuts {
                return (failure.status, [:], Self.error(failure.code))
            }
            let etag = "\"\(Encoding.hex(md5))\""
            switch (head.method, query["uploadId"], query["uploads"]) {
            case ("PUT", nil, _):
                state.objects[key] = Object(size: size, md5: md5, etag: etag)
                return (200, ["ETag": etag], "")
            case ("PUT", let id?, _):
                guard state.uploads[id] != nil, let number = query["partNumber"].flatMap(Int.init) else {
                    return (404, [:], Self.error("NoSuchUpload"))
                }
                state.uploads[id]![number] = (size, md5)
                return (200, ["ETag": etag], "")
            case ("POST", nil, _?):
                let id = "upload-\(state.nextUpload)"
                state.nextUpload += 1
                state.uploads[id] = [:]
                return (200, [:], "<InitiateMultipartUploadResult><UploadId>\(id)</UploadId></InitiateMultipartUploadResult>")
            case ("POST", let id?, _):
                guard let parts = state.uploads.removeValue(forKey: id) else { return (404, [:], Self.error("NoSuchUpload")) }
                let numbers = parts.keys.sorted()
                let total = numbers.reduce(0) { $0 + parts[$1]!.size }
                let combined = Hash.md5(numbers.flatMap { parts[$0]!.md5 })
                let etag = "\"\(Encoding.hex(combined))-\(numbers.count)\""
                state.objects[key] = Object(size: total, md5: [], etag: etag)
                return (200, [:], "<CompleteMultipartUploadResult><ETag>\(etag.replacingOccurrences(of: "\"", with: "&quot;"))</ETag></CompleteMultipartUploadResult>")
            case ("DELETE", let id?, _):
                return state.uploads.removeValue(forKey: id) == nil ? (404, [:], Self.error("NoSuchUpload")) : (204, [:], "")
            case ("HEAD", _, _):
                guard let object = state.objects[key] else { return (404, [:], "") }
                return (200, ["ETag": object.etag, "X-Size": String(object.size)], "")
            default:
                return (405, [:], Self.error("MethodNotAllowed"))
            }
        }
    }

    private static func error(_ code: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code><Message>injected</Message></Error>"
    }
}

private struct Unowned: @unchecked Sendable {
    // Safe: the FakeS3 outlives its server, which is shut down before it goes away.
    unowned let value: FakeS3
    init(_ value: FakeS3) { self.value = value }
}

private final class StateBox: HTTPResponder {
    let owner = Mutex<Unowned?>(nil)

    func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler {
        FakeS3Exchange(s3: owner.withLock { $0!.value }, head: head)
    }
}

/// Hashes one request's body (decoding aws-chunked framing), then answers.
private final class FakeS3Exchange: HTTPRequestHandler {
    let s3: FakeS3
    let head: HTTPRequestHead
    var md5: IncrementalHash? = IncrementalHash(.md5)
    var size = 0
    let chunked: Bool
    var pending: [UInt8] = []
    var remainingInChunk = 0
    var trailingCRLF = 0

    init(s3: FakeS3, head: HTTPRequestHead) {
        self.s3 = s3
        self.head = head
        chunked = head.headers["x-amz-decoded-content-length"] != nil
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) {
        guard chunked else {
            md5!.update(bytes)
            size += bytes.count
            return
        }
        pending.append(contentsOf: bytes)
        var index = 0
        while index < pending.count {
            if trailingCRLF > 0 {
                let skip = min(trailingCRLF, pending.count - index)
                index += skip
                trailingCRLF -= skip
            } else if remainingInChunk > 0 {
                let take = min(remainingInChunk, pending.count - index)
                pending[index..<(index + take)].withUnsafeBytes { md5!.update($0) }
                size += take
                index += take
                remainingInChunk -= take
                if remainingInChunk == 0 { trailingCRLF = 2 }
            } else {
                guard let end = pending[index...].firstRange(of: [13, 10]) else { break }
                let line = String(decoding: pending[index..<end.lowerBound], as: UTF8.self)
                remainingInChunk = line.split(separator: ";").first.flatMap { Int($0, radix: 16) } ?? 0
                index = end.upperBound
            }
        }
        pending.removeFirst(index)
    }

    func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {
        let digest = md5.take()!.finalize()
        let (status, headers, body) = s3.handle(head, body: nil, md5: digest, size: size)
        if head.method == "HEAD" {
            var fields = headers
            fields.replaceOrAdd(name: "Content-Length", value: headers["X-Size"] ?? "0")
            context.writeResponseHead(HTTPResponseHead(status: status, headers: fields))
            context.finishResponse()
        } else {
            context.respond(status: status, headers: headers, body: Array(body.utf8))
        }
    }

    func receiveError(_ error: HTTPRequestError, context: any HTTPRequestContext) {}
}
