// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPCore

/// What every request handler shares: settings, the presign logic, the
/// accounting and each event loop's S3 client.
final class AppContext: @unchecked Sendable {
    // Safe to share: every stored property is immutable after init; each
    // `S3Client` in `clients` is used only on its own loop's thread (looked up by loop).
    let configuration: AppServerConfiguration
    let presign: PresignService
    let metrics: AppMetrics
    private let clients: [ObjectIdentifier: S3Client]

    init(configuration: AppServerConfiguration, metrics: AppMetrics, clients: [S3Client]) throws {
        self.configuration = configuration
        self.presign = try PresignService(configuration: configuration)
        self.metrics = metrics
        self.clients = Dictionary(uniqueKeysWithValues: clients.map { (ObjectIdentifier($0.loop), $0) })
    }

    var keys: KeyPolicy { presign.keys }

    /// The S3 client of `loop` (call on that loop).
    func s3(on loop: EventLoop) -> S3Client {
        guard let client = clients[ObjectIdentifier(loop)] else {
            preconditionFailure("no S3 client for event loop \(loop.name)")
        }
        return client
    }
}
