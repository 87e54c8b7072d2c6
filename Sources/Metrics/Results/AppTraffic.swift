// SPDX-License-Identifier: Apache-2.0

/// Bytes on one side of a connection, split into HTTP head (request or status
/// line plus headers, chunk framing) and body (payload bytes).
public struct HeadBody: Sendable, Equatable, Codable {
    public var head: Int64
    public var body: Int64

    public init(head: Int64 = 0, body: Int64 = 0) {
        self.head = head
        self.body = body
    }

    /// Head plus body.
    public var total: Int64 { head + body }

    static func + (lhs: HeadBody, rhs: HeadBody) -> HeadBody {
        HeadBody(head: lhs.head + rhs.head, body: lhs.body + rhs.body)
    }
}

/// Bytes through the app server, per hop and direction.
public struct AppTraffic: Sendable, Equatable, Codable {
    /// Received from clients (requests: proxied bodies, presign requests).
    public var fromClients = HeadBody()
    /// Sent to clients (responses: presigned URLs, upload results).
    public var toClients = HeadBody()
    /// Sent to S3 (proxied requests).
    public var toS3 = HeadBody()
    /// Received from S3 (responses to proxied requests).
    public var fromS3 = HeadBody()

    public init(fromClients: HeadBody = HeadBody(), toClients: HeadBody = HeadBody(),
                toS3: HeadBody = HeadBody(), fromS3: HeadBody = HeadBody()) {
        self.fromClients = fromClients
        self.toClients = toClients
        self.toS3 = toS3
        self.fromS3 = fromS3
    }

    /// All bytes the app server received.
    public var bytesIn: HeadBody { fromClients + fromS3 }
    /// All bytes the app server sent.
    public var bytesOut: HeadBody { toClients + toS3 }

    static func + (lhs: AppTraffic, rhs: AppTraffic) -> AppTraffic {
        AppTraffic(
            fromClients: lhs.fromClients + rhs.fromClients, toClients: lhs.toClients + rhs.toClients,
            toS3: lhs.toS3 + rhs.toS3, fromS3: lhs.fromS3 + rhs.fromS3
        )
    }
}
