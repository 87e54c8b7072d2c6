// SPDX-License-Identifier: Apache-2.0

import Digest

/// `presignedMultipart`: `POST /multipart/create`, a `PUT` per part (at most
/// `parallelism` at once, part URLs up front or fetched on demand), then
/// `POST /multipart/complete` and optionally `POST /uploads/confirm`.
///
/// A part refused with 403 "Request has expired" gets a fresh URL from
/// `POST /multipart/part-url` and is sent again (counted as a retry). After a
/// final failure, parts in flight are let finish, then the upload is aborted.
final class MultipartFlow: UploadFlow {
    private let options: MultipartOptions
    private var uploadID = ""
    private var partSize = 0
    private var partCount = 0
    private var partURLs: [Int: String] = [:]
    private var partAttempts: [Int: Int] = [:]
    private var partETags: [Int: String] = [:]
    private var partMD5s: [Int: [UInt8]] = [:]
    private var nextPart = 1
    private var partsInFlight = 0
    private var partMismatch = false
    private var failure: String?
    private var completedETag: String?
    private var expectedETag: String?

    init(upload: PlannedUpload, environment: FlowEnvironment, options: MultipartOptions, intendedStart: UInt64, start: UInt64, late: Bool) {
        self.options = options
        super.init(upload: upload, environment: environment, intendedStart: intendedStart, start: start, late: late)
    }

    override func start() -> FlowStep {
        var members: [String: Any] = [
            "key": upload.key, "content_type": configuration.contentType, "size": upload.size,
            "urls": options.partURLs.rawValue,
        ]
        if let partSize = options.partSize { members["part_size"] = partSize }
        return .send([.appJSON(.multipartCreate, base: appBase, path: "/multipart/create", members)])
    }

    override func shouldRetry(_ result: ExchangeResult, _ exchange: Exchange) -> Bool {
        // Parts of an upload that is already failing are not sent again.
        failure == nil && super.shouldRetry(result, exchange)
    }

    override func handle(_ result: ExchangeResult, for exchange: Exchange) -> FlowStep {
        switch exchange.kind {
        case .multipartCreate:
            guard result.succeeded else { return fail(result.errorCode ?? "unknown") }
            return created(result)
        case .partURL:
            guard result.succeeded, let url = JSONObject(parsing: result.body)?.string("url") else {
                return partFailed(result.errorCode ?? "bad_part_url_response")
            }
            partURLs[exchange.partNumber] = url
            return .send([partPut(exchange.partNumber, url: url)])
        case .part:
            return partFinished(result, exchange)
        case .multipartComplete:
            guard result.succeeded, let answer = JSONObject(parsing: result.body) else {
                failure = result.errorCode ?? "bad_complete_response"
                return .send([abort()])
            }
            completedETag = answer.string("etag").map(Transfer.unquoted)
            if options.confirm {
                return .send([.appJSON(.confirm, base: appBase, path: "/uploads/confirm", ["key": serverKey])])
            }
            return finishChecked(reported: completedETag)
        case .confirm:
            guard result.succeeded else { return fail(result.errorCode ?? "unknown") }
            let answer = JSONObject(parsing: result.body)
            return finishChecked(reported: answer?.string("etag").map(Transfer.unquoted) ?? completedETag)
        default:
            return fail(failure ?? result.errorCode ?? "unknown")
        }
    }

    private func created(_ result: ExchangeResult) -> FlowStep {
        guard let answer = JSONObject(parsing: result.body), let id = answer.string("upload_id"),
              let size = answer.int("part_size"), size > 0
        else { return fail("bad_create_response") }
        uploadID = id
        storedKey = answer.string("key")
        partSize = size
        partCount = answer.int("part_count") ?? max(1, (upload.size + size - 1) / size)
        for part in answer.objects("parts") ?? [] {
            if let number = part.int("part_number"), let url = part.string("url") {
                partURLs[number] = url
            }
        }
        return .send(nextRequests())
    }

    /// Starts parts until `parallelism` are in flight.
    private func nextRequests() -> [Exchange] {
        var requests = [Exchange]()
        while failure == nil, partsInFlight < options.parallelism, nextPart <= partCount {
            let number = nextPart
            nextPart += 1
            partsInFlight += 1
            requests.append(partURLs[number].map { partPut(number, url: $0) } ?? partURLRequest(number))
        }
        return requests
    }

    private func partRange(_ number: Int) -> RequestBody.Generated {
        let offset = (number - 1) * partSize
        return bodyRange(offset: offset, length: max(0, min(partSize, upload.size - offset)))
    }

    private func partPut(_ number: Int, url: String) -> Exchange {
        var put = Exchange(kind: .part, method: "PUT", url: url, body: .generated(partRange(number)), link: .s3)
        put.partNumber = number
        put.attempt = partAttempts[number] ?? 1
        return put
    }

    private func partURLRequest(_ number: Int) -> Exchange {
        let members: [String: Any] = ["key": serverKey, "upload_id": uploadID, "part_number": number]
        var request = Exchange.appJSON(.partURL, base: appBase, path: "/multipart/part-url", members)
        request.partNumber = number
        return request
    }

    private func partFinished(_ result: ExchangeResult, _ exchange: Exchange) -> FlowStep {
        let number = exchange.partNumber
        guard result.succeeded else {
            if isExpired(result), exchange.attempt < configuration.retry.maxAttempts, failure == nil {
                // The URL outlived its expiry: ask for a fresh one, then send the part again.
                record.retries += 1
                record.retriedErrorCodes.append(result.errorCode ?? "expired")
                partAttempts[number] = exchange.attempt + 1
                partURLs[number] = nil
                return .send([partURLRequest(number)])
            }
            return partFailed(result.errorCode ?? "unknown")
        }
        partsInFlight -= 1
        let md5 = environment.md5(of: exchange.body.generated!, sent: result)
        if let md5 {
            partMD5s[number] = md5
            if let etag = result.etag, etag.lowercased() != Encoding.hex(md5) { partMismatch = true }
        }
        guard let etag = result.etag else {
            partsInFlight += 1
            return partFailed("missing_part_etag")
        }
        partETags[number] = etag
        if failure != nil { return partsInFlight == 0 ? .send([abort()]) : .send([]) }
        if partETags.count == partCount { return .send([complete()]) }
        return .send(nextRequests())
    }

    private func isExpired(_ result: ExchangeResult) -> Bool {
        result.status == 403 && (ErrorBody.message(in: result.body)?.contains("expired") ?? false)
    }

    /// A part failed for good: let the others finish, then abort.
    private func partFailed(_ code: String) -> FlowStep {
        partsInFlight -= 1
        if failure == nil { failure = code }
        return partsInFlight == 0 ? .send([abort()]) : .send([])
    }

    private func complete() -> Exchange {
        let parts: [[String: Any]] = (1...partCount).map { ["part_number": $0, "etag": partETags[$0] ?? ""] }
        if partMD5s.count == partCount {
            expectedETag = FlowEnvironment.multipartETag((1...partCount).map { partMD5s[$0]! })
        }
        let members: [String: Any] = ["key": serverKey, "upload_id": uploadID, "parts": parts]
        return .appJSON(.multipartComplete, base: appBase, path: "/multipart/complete", members)
    }

    private func abort() -> Exchange {
        .appJSON(.multipartAbort, base: appBase, path: "/multipart/abort", ["key": serverKey, "upload_id": uploadID])
    }

    private func finishChecked(reported: String?) -> FlowStep {
        let step = succeed(reported: reported, expected: expectedETag)
        if partMismatch {
            record.status = .corrupted
            record.errorCode = "part_etag_mismatch"
        }
        return step
    }
}
