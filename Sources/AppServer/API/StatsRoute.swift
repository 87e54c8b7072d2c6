// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPCore
import Synchronization

/// The accounting routes a runner uses when the app server is a separate
/// process: `GET /_upload-bench/stats` and `POST /_upload-bench/window`.
///
/// The responder exists before the HTTP server it belongs to, so the server
/// is attached once it is built.
final class ServerStatisticsSource: Sendable {
    private let server = Mutex<HTTPServer?>(nil)

    func attach(_ server: HTTPServer) {
        self.server.withLock { $0 = server }
    }

    /// Answers the snapshot as JSON; with `startingWindow`, a measurement window
    /// starts first and the answer is the reading at its start.
    func handler(app: AppContext, context: any HTTPRequestContext, startingWindow: Bool) -> any HTTPRequestHandler {
        if startingWindow { app.metrics.startMeasurementWindow() }
        let handler = AppRequestHandler(app: app, context: context)
        guard let statistics = server.withLock({ $0?.statistics() }),
              let json = try? JSONEncoder().encode(app.metrics.snapshot(server: statistics))
        else {
            handler.respond(error: .notFound)
            return handler
        }
        handler.respond(status: 200, json: Array(json))
        return handler
    }
}
