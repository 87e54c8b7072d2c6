// SPDX-License-Identifier: Apache-2.0

/// Client-side limits for one link (client to app server, or client to S3),
/// the network model's hooks for runs without the in-process link emulator.
///
/// Caps apply per transfer (libcurl's `CURLOPT_MAX_SEND_SPEED_LARGE` and
/// `CURLOPT_MAX_RECV_SPEED_LARGE`); the delay is added before each request
/// on the link, counted in its hop time, as a stand-in for a round trip.
public struct LinkOptions: Sendable, Hashable {
    /// Upload rate cap in bytes per second; nil for none.
    public var sendBytesPerSecond: Int?
    /// Download rate cap in bytes per second; nil for none.
    public var receiveBytesPerSecond: Int?
    /// Extra wait before each request is started.
    public var addedDelay: Duration
    /// Connects elsewhere than the URL says while keeping its `Host` header, in
    /// libcurl's `CURLOPT_CONNECT_TO` form `HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT`.
    /// The runner uses it to send presigned requests through an emulated link
    /// without changing the host they were signed for.
    public var connectTo: [String] = []
    /// Whether each simulated client's connections on this link leave from
    /// its own loopback address (`ClientAddress`), so that a link emulator
    /// paces them as one client's shared uplink. Only for modelled links:
    /// plain loopback runs keep the default source address.
    public var bindsClientAddress = false

    public init(sendBytesPerSecond: Int? = nil, receiveBytesPerSecond: Int? = nil, addedDelay: Duration = .zero) {
        self.sendBytesPerSecond = sendBytesPerSecond
        self.receiveBytesPerSecond = receiveBytesPerSecond
        self.addedDelay = addedDelay
    }

    /// No limits: loopback speed.
    public static let unlimited = LinkOptions()
}
