// SPDX-License-Identifier: Apache-2.0

/// One HTTP request a flow wants made, and enough to make it again.
struct Exchange {
    /// Which link a request travels, for the network model's limits.
    enum Link {
        case app
        case s3
    }

    var kind: HopRecord.Kind
    var partNumber = 0
    var method: String
    var url: String
    var headers: [(String, String)] = []
    var body: RequestBody = .empty
    var link: Link
    /// 1 for the first try.
    var attempt = 1
    /// When the flow asked for it; set by the driver.
    var issuedAt: UInt64 = 0
    /// Not before this time (backoff); 0 for now.
    var notBefore: UInt64 = 0

    /// A JSON `POST` to the app server.
    static func appJSON(_ kind: HopRecord.Kind, base: String, path: String, _ members: [String: Any]) -> Exchange {
        Exchange(
            kind: kind,
            method: "POST",
            url: base + path,
            headers: [("Content-Type", "application/json")],
            body: .bytes(JSONObject.encode(members)),
            link: .app
        )
    }
}

/// What came back for an exchange.
struct ExchangeResult {
    /// HTTP status, 0 when the transfer failed below HTTP.
    var status: Int
    /// Set unless the status is 2xx: the S3/app code, or a curl label.
    var errorCode: String?
    /// The response's `ETag` header without quotes.
    var etag: String?
    var body: [UInt8]
    /// MD5 of the generated range sent, when it was hashed on the way.
    var bodyMD5: [UInt8]?
    var hop: HopRecord

    var succeeded: Bool { errorCode == nil }
}
