// SPDX-License-Identifier: Apache-2.0

import AppServer
import Foundation
import Metrics
import MockS3
import NetworkModel
import Scenario
import SigV4

/// The servers of one measured run, started fresh so that every run's CPU,
/// peaks and counters start from zero: the S3 target, the app server, and
/// the links between them and the clients (emulated in process, or shaped by
/// the kernel with the servers in their own network namespaces).
final class Testbed: Sendable {
    let cpu = ComponentCPU()
    let bucket: String
    let region: String
    let credentials: Credentials
    /// Where the S3 target listens (not through a link emulator).
    let s3HostPort: (host: String, port: Int)
    /// The embedded mock S3 when it runs in this process; nil for an external
    /// endpoint or a child process.
    let mockS3: MockS3Server?
    /// The mock S3 child process, in child-process mode.
    let s3Process: ServeProcess?
    /// Whether the S3 target is the mock (in this process or a child), whose CPU is measured.
    var runsMockS3: Bool { mockS3 != nil || s3Process != nil }
    let app: any AppUnderTest
    /// Where simulated clients send app requests (a link emulator or the app itself).
    let appURL: String
    /// `host:port` presigned URLs name, and `host:port` clients really connect to
    /// for it; they differ when the client's link to S3 is emulated.
    let s3ConnectOverride: (named: String, actual: String)?
    private let links: [LinkEmulator]
    /// The namespaces and shaped veth pairs, in kernel mode.
    private let kernelNetwork: KernelNetwork?

    /// Component names in `cpu`.
    // The app server registers its threads under its own name; reading another
    // literal here would silently report zero app CPU if either changed.
    static let appComponent = AppMetrics.component
    static let s3Component = "mock-s3"

    /// - Parameters:
    ///   - servers: where the mock S3 and the app server run.
    ///   - shaping: what shapes the links; `.kernel` needs the embedded S3 in process.
    init(
        cell: ScenarioCell, architecture: Architecture, s3Credentials: Credentials,
        servers: ServerPlacement, shaping: LinkShapingChoice
    ) throws {
        var links: [LinkEmulator] = []
        let kernel = shaping == .kernel ? try KernelNetwork(label: cell.scenario, network: cell.network) : nil
        // Links the kernel shapes get no relay.
        func emulated(_ link: NetworkLink) -> LinkProfile? {
            kernel == nil ? link.linkProfile : nil
        }
        // Anything started before a failure is stopped again.
        var startedS3: MockS3Server?
        var startedS3Process: ServeProcess?
        var startedApp: (any AppUnderTest)?
        do {
            credentials = s3Credentials
            let s3HostPort: (host: String, port: Int)
            switch cell.s3 {
            case .embedded(let embedded):
                let configuration = try Self.mockConfiguration(
                    embedded, faults: cell.faults, credentials: s3Credentials, cpu: cpu, seed: cell.seed
                )
                if let executable = servers.childExecutable {
                    let child = try ServeProcess(
                        name: "mock-s3", executable: executable,
                        arguments: ChildArguments.serveS3(configuration, bucket: embedded.bucket),
                        environment: ChildArguments.environment(s3Credentials)
                    )
                    startedS3Process = child
                    s3HostPort = child.hostPort
                } else if let kernel {
                    var configuration = configuration
                    // Reached on two links: from the clients' and from the app's namespace.
                    configuration.host = "0.0.0.0"
                    let server = try MockS3Server(configuration: configuration)
                    startedS3 = server
                    s3HostPort = (kernel.s3AddressForClients, try kernel.s3.run { try server.start() })
                    try server.createBucket(embedded.bucket)
                } else {
                    let server = try MockS3Server(configuration: configuration)
                    startedS3 = server
                    s3HostPort = ("127.0.0.1", try server.start())
                    try server.createBucket(embedded.bucket)
                }
                bucket = embedded.bucket
                region = embedded.region
            case .endpoint(let endpoint):
                let components = URLComponents(string: endpoint.url)
                s3HostPort = (components?.host ?? "127.0.0.1", components?.port ?? 80)
                bucket = endpoint.bucket
                region = endpoint.region
            }
            mockS3 = startedS3
            s3Process = startedS3Process
            self.s3HostPort = s3HostPort

            var appS3Port = s3HostPort.port
            if let profile = emulated(cell.network.appS3) {
                let link = try LinkEmulator(
                    name: "app-s3", targetHost: s3HostPort.host, targetPort: s3HostPort.port,
                    profile: profile, cpu: cpu, seed: cell.seed
                )
                links.append(link)
                appS3Port = link.port
            }
            var configuration = AppServerConfiguration(
                endpoint: S3Endpoint(host: "127.0.0.1", port: appS3Port),
                bucket: bucket,
                credentials: s3Credentials
            )
            if case .endpoint = cell.s3 {
                configuration.endpoint = S3Endpoint(host: s3HostPort.host, port: appS3Port)
            }
            if let kernel {
                configuration.endpoint = S3Endpoint(host: kernel.s3AddressForApp, port: appS3Port)
                configuration.host = kernel.appAddress
            }
            try ArchitectureSettings.apply(architecture, app: cell.app, timeouts: cell.timeouts, to: &configuration)
            configuration.region = region
            configuration.cpu = cpu
            let appPort: Int
            if let executable = servers.childExecutable {
                let child = try ServeProcess(
                    name: "app", executable: executable,
                    arguments: ChildArguments.serveApp(configuration),
                    environment: ChildArguments.environment(s3Credentials)
                )
                startedApp = ChildApp(process: child)
                appPort = child.hostPort.port
            } else {
                let server = try AppServer(configuration: configuration)
                startedApp = InProcessApp(server: server, cpu: cpu)
                // In its namespace, the app's loops also open their S3 connections there.
                appPort = try kernel.map { try $0.app.run { try server.start() } } ?? server.start()
            }
            self.app = startedApp!

            var clientAppPort = appPort
            if let profile = emulated(cell.network.clientApp) {
                let link = try LinkEmulator(
                    name: "client-app", targetHost: "127.0.0.1", targetPort: appPort,
                    profile: profile, cpu: cpu, seed: cell.seed &+ 1
                )
                links.append(link)
                clientAppPort = link.port
            }
            appURL = "http://\(kernel?.appAddress ?? "127.0.0.1"):\(clientAppPort)"

            // Presigned URLs name the S3 endpoint the app server signs for; clients
            // must reach S3 through their own link, with that Host header intact.
            let named = "\(configuration.endpoint.host):\(configuration.endpoint.port)"
            var clientS3Port = s3HostPort.port
            if let profile = emulated(cell.network.clientS3) {
                let link = try LinkEmulator(
                    name: "client-s3", targetHost: s3HostPort.host, targetPort: s3HostPort.port,
                    profile: profile, cpu: cpu, seed: cell.seed &+ 2
                )
                links.append(link)
                clientS3Port = link.port
            }
            let actual = "\(s3HostPort.host):\(clientS3Port)"
            s3ConnectOverride = named == actual ? nil : (named, actual)
            self.links = links
            kernelNetwork = kernel
        } catch {
            links.forEach { $0.shutdown() }
            startedApp?.shutdown()
            startedS3?.shutdown(gracePeriod: .zero)
            startedS3Process?.stop()
            kernel?.shutdown()
            throw error
        }
    }

    /// Stops everything, clients' side first.
    func shutdown() {
        links.forEach { $0.shutdown() }
        app.shutdown()
        mockS3?.shutdown(gracePeriod: .seconds(1))
        s3Process?.stop()
        kernelNetwork?.shutdown()
    }

    /// CPU nanoseconds of one component so far: per process for children, per thread otherwise.
    func cpuNanoseconds(_ component: String) -> UInt64 {
        switch component {
        case Self.appComponent: app.cpuNanoseconds()
        case Self.s3Component: s3Process.map { ProcessCPU.nanoseconds(pid: $0.pid) ?? 0 } ?? cpu.nanoseconds(for: component)
        default: cpu.nanoseconds(for: component)
        }
    }

    private static func mockConfiguration(
        _ embedded: EmbeddedS3,
        faults: FaultSettings,
        credentials: Credentials,
        cpu: ComponentCPU,
        seed: UInt64
    ) throws -> MockS3Server.Configuration {
        var configuration = MockS3Server.Configuration()
        configuration.region = embedded.region
        configuration.credentials = [credentials]
        configuration.cpu = cpu
        configuration.cpuComponent = s3Component
        configuration.md5 = embedded.md5
        configuration.threads = 2
        switch embedded.storage {
        case .discard:
            configuration.storage = .discard
        case .memory:
            configuration.storage = .memory
        case .disk:
            let directory = embedded.directory
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("upload-bench-s3-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            configuration.storage = .directory(directory)
        }
        configuration.faults = FaultMapping.faults(faults, seed: seed)
        return configuration
    }
}

extension KernelNetwork {
    /// The namespaces and shaped links for a cell's network model.
    convenience init(label: String, network: NetworkModel) throws {
        try self.init(
            label: label,
            clientApp: network.clientApp.linkProfile ?? .loopback,
            appS3: network.appS3.linkProfile ?? .loopback,
            clientS3: network.clientS3.linkProfile ?? .loopback
        )
    }
}

extension NetworkLink {
    /// The emulator profile for this link, or nil for plain loopback.
    var linkProfile: LinkProfile? {
        guard let shape, !isLoopback else { return nil }
        return LinkProfile(
            upBitsPerSecond: UInt64(shape.up.bitsPerSecond),
            downBitsPerSecond: UInt64(shape.down.bitsPerSecond),
            roundTripNanoseconds: UInt64(shape.rtt.nanoseconds),
            jitterNanoseconds: UInt64(shape.jitter.nanoseconds)
        )
    }
}
