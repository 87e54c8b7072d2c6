// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import HTTPCore
import SigV4

/// Sends requests signed with the app server's credentials to S3, from one
/// event loop. Loop-bound: one per loop, used only on its thread.
final class S3Client {
    let loop: EventLoop
    let connector: UpstreamConnector
    let configuration: AppServerConfiguration
    let signer: Signer
    let metrics: AppMetrics

    init(loop: EventLoop, connector: UpstreamConnector, configuration: AppServerConfiguration, metrics: AppMetrics) {
        self.loop = loop
        self.connector = connector
        self.configuration = configuration
        self.signer = Signer(credentials: configuration.credentials, region: configuration.region)
        self.metrics = metrics
    }

    /// Starts a request; the result arrives through `delegate` on this loop.
    func start(_ request: S3Request, body: S3Body, objectData: Bool, delegate: S3CallDelegate) -> S3Call {
        let call = S3Call(client: self, request: request, body: body, objectData: objectData, delegate: delegate)
        call.start()
        return call
    }

    /// The decoded S3 path of a key.
    func path(of key: String) -> String {
        "/\(configuration.bucket)/\(key)"
    }
}

@available(*, unavailable)
extension S3Client: Sendable {}
