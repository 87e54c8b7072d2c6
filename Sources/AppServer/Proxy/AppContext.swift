// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPCore
import Synchronization

/// What every request handler shares: settings, the presign logic, the
/// accounting and each event loop's S3 client.
final class AppContext: Sendable {
    let configuration: AppServerConfiguration
    let presign: PresignService
    let metrics: AppMetrics
    private let makeConnector: @Sendable (EventLoop) -> UpstreamConnector
    private let clients = Mutex<[ObjectIdentifier: LoopBound<S3Client>]>([:])

    init(
        configuration: AppServerConfiguration,
        metrics: AppMetrics,
        makeConnector: @escaping @Sendable (EventLoop) -> UpstreamConnector
    ) throws {
        self.configuration = configuration
        self.presign = try PresignService(configuration: configuration)
        self.metrics = metrics
        self.makeConnector = makeConnector
    }

    var keys: KeyPolicy { presign.keys }

    /// The S3 client of `loop`, made on first use. Call on that loop.
    func s3(on loop: EventLoop) -> S3Client {
        let id = ObjectIdentifier(loop)
        if let client = clients.withLock({ $0[id] }) { return client.value }
        let client = S3Client(loop: loop, connector: makeConnector(loop), configuration: configuration, metrics: metrics)
        clients.withLock { $0[id] = LoopBound(client) }
        return client
    }
}

/// Carries a loop-bound object through a shared table.
struct LoopBound<Value: AnyObject>: @unchecked Sendable {
    // Safe: the value is created on its loop and only used there; other
    // threads hold the box without touching the value.
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
