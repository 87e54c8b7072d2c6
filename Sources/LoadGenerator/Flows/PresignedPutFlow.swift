// SPDX-License-Identifier: Apache-2.0

/// `presignedPut`: `POST /presign`, then `PUT` to the returned URL with exactly
/// the returned headers, then (optionally) `POST /uploads/confirm`.
final class PresignedPutFlow: UploadFlow {
    private let confirm: Bool
    private var putETag: String?
    private var md5: String?

    init(upload: PlannedUpload, environment: FlowEnvironment, confirm: Bool, intendedStart: UInt64, start: UInt64, late: Bool) {
        self.confirm = confirm
        super.init(upload: upload, environment: environment, intendedStart: intendedStart, start: start, late: late)
    }

    override func start() -> FlowStep {
        let members: [String: Any] = ["key": upload.key, "content_type": configuration.contentType, "size": upload.size]
        return .send([.appJSON(.presign, base: appBase, path: "/presign", members)])
    }

    override func handle(_ result: ExchangeResult, for exchange: Exchange) -> FlowStep {
        guard result.succeeded else { return fail(result.errorCode ?? "unknown") }
        switch exchange.kind {
        case .presign:
            guard let answer = JSONObject(parsing: result.body), let url = answer.string("url") else {
                return fail("bad_presign_response")
            }
            storedKey = answer.string("key")
            let put = Exchange(
                kind: .s3Upload,
                method: answer.string("method") ?? "PUT",
                url: url,
                headers: answer.stringPairs("headers") ?? [],
                body: .generated(bodyRange(offset: 0, length: upload.size)),
                link: .s3
            )
            return .send([put])
        case .s3Upload:
            md5 = noteObjectMD5(exchange.body.generated!, sent: result)
            putETag = result.etag
            if confirm {
                return .send([.appJSON(.confirm, base: appBase, path: "/uploads/confirm", ["key": serverKey])])
            }
            return succeed(reported: putETag, expected: md5)
        default:
            return ConfirmCheck.finish(self, result, fallbackETag: putETag, expected: md5)
        }
    }
}

/// The shared end of flows with `confirm`: the app server's HEAD of the object must
/// report the client's size and ETag.
enum ConfirmCheck {
    static func finish(_ flow: UploadFlow, _ result: ExchangeResult, fallbackETag: String?, expected: String?) -> FlowStep {
        guard let answer = JSONObject(parsing: result.body) else { return flow.fail("bad_confirm_response") }
        if let size = answer.int("size"), size != flow.upload.size {
            flow.record.status = .corrupted
            flow.record.errorCode = "size_mismatch"
            return flow.finish()
        }
        let reported = answer.string("etag").map(Transfer.unquoted) ?? fallbackETag
        return flow.succeed(reported: reported, expected: expected)
    }
}
