// SPDX-License-Identifier: Apache-2.0

public import HTTPCore

/// An in-process S3 endpoint that verifies like S3 (see the README section "Mock S3").
public final class MockS3Server: Sendable {
    public let configuration: Configuration
    let service: S3Service
    private let http: HTTPServer

    /// Creates the server; nothing listens until `start()`.
    /// - Throws: when the storage directory cannot be prepared.
    public init(configuration: Configuration) throws {
        self.configuration = configuration
        service = try S3Service(configuration: configuration)
        let cpu = configuration.cpu
        let component = configuration.cpuComponent
        let httpConfiguration = HTTPServerConfiguration(
            host: configuration.host,
            port: configuration.port,
            threadCount: configuration.threads,
            threadNamePrefix: configuration.threadNamePrefix,
            // The S3 idle timeout answers RequestTimeout first; the core's is the backstop.
            bodyIdleTimeout: configuration.faults.requestTimeout + .seconds(10),
            sendsDate: false,
            onThreadStart: { cpu?.register(component: component, threadID: $0) },
            onThreadExit: { cpu?.recordExit(threadID: $0) }
        )
        http = HTTPServer(configuration: httpConfiguration, responder: service)
    }

    /// Starts listening.
    /// - Returns: the port (the chosen one when the configuration asked for 0).
    /// - Throws: when the address cannot be bound.
    @discardableResult
    public func start() throws -> Int {
        try http.start()
    }

    /// The listening port (0 before `start()`).
    public var port: Int { http.port }

    /// Stops accepting, lets requests under way finish for up to `gracePeriod`, then closes.
    public func shutdown(gracePeriod: Duration = .seconds(2)) {
        http.shutdown(gracePeriod: gracePeriod)
    }

    /// The HTTP layer's counters (connections, bytes on the wire, refusals).
    public func httpStatistics() -> HTTPServerStatistics {
        http.statistics()
    }

    /// Replaces the injected faults; requests that already started keep theirs.
    public func setFaults(_ faults: Faults) {
        service.faults.set(faults)
    }

    /// The faults in force.
    public var faults: Faults { service.faults.faults }

    /// Counters since start.
    public func stats() -> MockS3Stats {
        service.stats.snapshot()
    }

    /// Every stored object, by bucket, sorted by key.
    public func objects() -> [(bucket: String, object: S3Object)] {
        service.store.allObjects()
    }

    /// The object at `key` in `bucket`, if stored.
    public func object(bucket: String, key: String) -> S3Object? {
        try? service.store.object(bucket: bucket, key: ObjectKey(key))
    }

    /// The bucket names.
    public func buckets() -> [String] {
        service.store.buckets().map(\.name)
    }

    /// Multipart uploads started and not yet completed or aborted.
    public func openMultipartUploadCount() -> Int {
        service.store.openUploadCount()
    }

    /// Creates a bucket directly (for test and benchmark setup).
    public func createBucket(_ name: String) throws(S3Error) {
        try service.store.createBucket(name, acl: .private, now: configuration.clock(), legacyRegion: true)
    }
}
