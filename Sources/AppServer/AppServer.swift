// SPDX-License-Identifier: Apache-2.0

public import HTTPCore
public import Metrics

/// The application under test: the upload proxy (`PUT /upload/{key}`) and the
/// presign service, on its own event loop threads named `app-N`.
///
/// ```swift
/// let app = try AppServer(configuration: configuration)
/// let port = try app.start()
/// ...
/// let figures = app.snapshot()
/// app.shutdown()
/// ```
public final class AppServer: Sendable {
    public let configuration: AppServerConfiguration
    /// The accounting; read it with `snapshot()`.
    public let metrics: AppMetrics
    private let server: HTTPServer

    /// - Throws: `ConfigurationError` when the settings do not fit together.
    public init(configuration: AppServerConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        let metrics = AppMetrics(cpu: configuration.cpu)
        self.metrics = metrics
        let endpoint = configuration.endpoint
        let idleTimeout = configuration.upstreamIdleTimeout
        let app = try AppContext(configuration: configuration, metrics: metrics) { loop in
            PooledUpstreamConnector(loop: loop, endpoint: endpoint, idleTimeout: idleTimeout)
        }
        let cpu = configuration.cpu
        let serverConfiguration = HTTPServerConfiguration(
            host: configuration.host,
            port: configuration.port,
            threadCount: configuration.threads,
            threadNamePrefix: "app",
            bodyIdleTimeout: configuration.bodyIdleTimeout,
            bufferedBytes: metrics.bufferedBytes,
            onThreadStart: { cpu?.register(component: AppMetrics.component, threadID: $0) },
            onThreadExit: { cpu?.recordExit(threadID: $0) }
        )
        let statistics = ServerStatisticsSource()
        server = HTTPServer(configuration: serverConfiguration, responder: AppResponder(app: app, statistics: statistics))
        statistics.attach(server)
    }

    /// Binds and starts the loops.
    /// - Returns: the bound port.
    @discardableResult
    public func start() throws -> Int {
        try server.start()
    }

    /// The bound port (0 before `start()`).
    public var port: Int { server.port }

    /// Every figure so far; cheap enough to sample once a second.
    public func snapshot() -> AppServerSnapshot {
        metrics.snapshot(server: server.statistics())
    }

    /// Starts a measurement window (see `AppMetrics.startMeasurementWindow()`).
    public func startMeasurementWindow() {
        metrics.startMeasurementWindow()
    }

    /// Lets requests in progress finish for up to `gracePeriod`, then stops.
    public func shutdown(gracePeriod: Duration = .seconds(5)) {
        server.shutdown(gracePeriod: gracePeriod)
    }
}
