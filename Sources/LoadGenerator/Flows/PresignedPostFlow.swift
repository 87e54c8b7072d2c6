// SPDX-License-Identifier: Apache-2.0

/// `presignedPost`: `POST /presign/post`, then a browser-style
/// multipart/form-data `POST` to S3 (the returned fields first, the file last),
/// then (optionally) `POST /uploads/confirm`.
///
/// The form is streamed: its framing is two small buffers around the
/// generated file bytes, so no copy of the object is ever built.
final class PresignedPostFlow: UploadFlow {
    private let confirm: Bool
    private var postETag: String?
    private var md5: String?

    init(upload: PlannedUpload, environment: FlowEnvironment, confirm: Bool, intendedStart: UInt64, start: UInt64, late: Bool) {
        self.confirm = confirm
        super.init(upload: upload, environment: environment, intendedStart: intendedStart, start: start, late: late)
    }

    override func start() -> FlowStep {
        let members: [String: Any] = ["key": upload.key, "content_type": configuration.contentType, "size": upload.size]
        return .send([.appJSON(.presign, base: appBase, path: "/presign/post", members)])
    }

    override func handle(_ result: ExchangeResult, for exchange: Exchange) -> FlowStep {
        guard result.succeeded else { return fail(result.errorCode ?? "unknown") }
        switch exchange.kind {
        case .presign:
            guard let answer = JSONObject(parsing: result.body), let url = answer.string("url"),
                  let fields = answer.stringPairs("fields")
            else { return fail("bad_presign_response") }
            storedKey = answer.string("key")
            return .send([formPost(url: url, fields: fields)])
        case .s3Upload:
            md5 = noteObjectMD5(exchange.body.generated!, sent: result)
            // S3 sends the ETag as a header; with success_action_status=201 also in the XML body.
            postETag = result.etag ?? ErrorBody.xmlElement("ETag", in: result.body).map(Transfer.unquoted)
            if confirm {
                return .send([.appJSON(.confirm, base: appBase, path: "/uploads/confirm", ["key": serverKey])])
            }
            return succeed(reported: postETag, expected: md5)
        default:
            return ConfirmCheck.finish(self, result, fallbackETag: postETag, expected: md5)
        }
    }

    private func formPost(url: String, fields: [(String, String)]) -> Exchange {
        let boundary = "upload-bench-form-\(upload.index)-\(String(BodyGenerator.salt(seed: environment.generator.seed, index: upload.index), radix: 36))"
        var head = ""
        for (name, value) in fields {
            head += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        let filename = upload.key.split(separator: "/").last.map(String.init) ?? "file"
        head += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
        head += "Content-Type: \(configuration.contentType)\r\n\r\n"
        let body = RequestBody(
            prefix: Array(head.utf8),
            generated: bodyRange(offset: 0, length: upload.size),
            suffix: Array("\r\n--\(boundary)--\r\n".utf8)
        )
        return Exchange(
            kind: .s3Upload,
            method: "POST",
            url: url,
            headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")],
            body: body,
            link: .s3
        )
    }
}
