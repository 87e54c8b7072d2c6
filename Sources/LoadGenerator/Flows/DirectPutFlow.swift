// SPDX-License-Identifier: Apache-2.0

/// `directPut`: one PUT of the body to `directBaseURL/key`, checked against
/// the response's `ETag` header when the server sends one.
final class DirectPutFlow: UploadFlow {
    private var range: RequestBody.Generated { bodyRange(offset: 0, length: upload.size) }

    override func start() -> FlowStep {
        let put = Exchange(
            kind: .s3Upload,
            method: "PUT",
            url: environment.directPrefix + escapedKey,
            headers: environment.contentTypeHeader,
            body: .generated(range),
            link: .s3
        )
        return .send([put])
    }

    override func handle(_ result: ExchangeResult, for exchange: Exchange) -> FlowStep {
        guard result.succeeded else { return fail(result.errorCode ?? "unknown") }
        let md5 = noteObjectMD5(exchange.body.generated!, sent: result)
        return succeed(reported: result.etag, expected: md5)
    }
}
