// SPDX-License-Identifier: Apache-2.0

/// `proxy`: `PUT /upload/{key}` with the body to the app server, which answers
/// `{"key","size","etag","part_size"?}` once S3 stored the object.
final class ProxyFlow: UploadFlow {
    override func start() -> FlowStep {
        let put = Exchange(
            kind: .appUpload,
            method: "PUT",
            url: appBase + "/upload/" + escapedKey,
            headers: environment.contentTypeHeader,
            body: .generated(bodyRange(offset: 0, length: upload.size)),
            link: .app
        )
        return .send([put])
    }

    override func handle(_ result: ExchangeResult, for exchange: Exchange) -> FlowStep {
        guard result.succeeded else { return fail(result.errorCode ?? "unknown") }
        guard let answer = JSONObject(parsing: result.body), let etag = answer.string("etag") else {
            return fail("bad_app_response")
        }
        let reported = Transfer.unquoted(etag)
        let md5 = noteObjectMD5(exchange.body.generated!, sent: result)
        if answer.int("size").map({ $0 != upload.size }) == true {
            record.status = .corrupted
            record.etag = reported
            record.errorCode = "size_mismatch"
            return finish()
        }
        // A multipart proxy stores the object in parts: S3's ETag is then made from the part MD5s.
        if let partSize = answer.int("part_size"), partSize > 0, reported.contains("-") {
            let parts = environment.partMD5s(index: upload.index, size: upload.size, partSize: partSize)
            return succeed(reported: reported, expected: parts.map(FlowEnvironment.multipartETag))
        }
        return succeed(reported: reported, expected: md5)
    }
}
