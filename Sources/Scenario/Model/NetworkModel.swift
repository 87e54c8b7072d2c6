// SPDX-License-Identifier: Apache-2.0

/// The three links of a deployment, each modelled on its own (issue 6).
public struct NetworkModel: Sendable, Hashable, Codable {
    /// Client to app server (the proxy's upload path and every presign request).
    public let clientApp: NetworkLink
    /// App server to S3.
    public let appS3: NetworkLink
    /// Client to S3 (the presigned upload path).
    public let clientS3: NetworkLink
    /// What shapes the links: the in-process emulator or the kernel.
    public let shaping: LinkShaping

    public init(clientApp: NetworkLink, appS3: NetworkLink, clientS3: NetworkLink, shaping: LinkShaping = .auto) {
        self.clientApp = clientApp
        self.appS3 = appS3
        self.clientS3 = clientS3
        self.shaping = shaping
    }

    /// The three links, named as reports and `tc` set-up name them.
    public var links: [(name: String, link: NetworkLink)] {
        [("client-app", clientApp), ("app-s3", appS3), ("client-s3", clientS3)]
    }

    /// Whether any link delays packets (the kernel needs `netem` for that).
    public var hasDelay: Bool {
        links.contains { $0.link.shape.map { $0.rtt > .zero || $0.jitter > .zero } ?? false }
    }

    /// The default deployment: clients on home broadband, the app server in S3's data centre.
    public static let standard = NetworkModel(clientApp: .profile("home-broadband")!, appS3: .profile("datacenter")!,
                                              clientS3: .profile("home-broadband")!)

    /// No model anywhere: everything at loopback speed.
    public static let loopback = NetworkModel(clientApp: .loopback, appS3: .loopback, clientS3: .loopback)

    enum CodingKeys: String, CodingKey {
        case clientApp = "client_app"
        case appS3 = "app_s3"
        case clientS3 = "client_s3"
        case shaping
    }
}

/// Which mechanism shapes the modelled links.
public enum LinkShaping: String, Sendable, Hashable, Codable, CaseIterable {
    /// The kernel when it can (root, network namespaces, `tc` with the disciplines the
    /// links need), otherwise the in-process emulator; the report says which and why.
    case auto
    /// Always the in-process link emulator.
    case emulator
    /// `tc` queueing disciplines on veth pairs between network namespaces; the run
    /// fails with the reason when the kernel cannot.
    case kernel
}

/// One link: `loopback` (not modelled), or a bandwidth per direction, a round-trip time and jitter.
public struct NetworkLink: Sendable, Hashable, Codable {
    /// The profile it came from (`"office-fibre"`), `"loopback"`, or `"custom"`.
    public let name: String
    /// `nil` for loopback.
    public let shape: LinkShape?

    public init(name: String, shape: LinkShape?) {
        self.name = name
        self.shape = shape
    }

    public static let loopback = NetworkLink(name: "loopback", shape: nil)

    public var isLoopback: Bool {
        shape == nil
    }

    /// The named profiles, in the order the documentation lists them.
    public static let profiles: [(name: String, shape: LinkShape)] = [
        ("datacenter", LinkShape(up: .gigabits(10), down: .gigabits(10), rtt: .milliseconds(1), jitter: .zero)),
        ("cross-region", LinkShape(up: .gigabits(1), down: .gigabits(1), rtt: .milliseconds(70), jitter: .milliseconds(2))),
        ("office-fibre", LinkShape(up: .megabits(500), down: .megabits(500), rtt: .milliseconds(10), jitter: .milliseconds(1))),
        ("home-broadband", LinkShape(up: .megabits(50), down: .megabits(200), rtt: .milliseconds(40), jitter: .milliseconds(5))),
        ("mobile-uplink", LinkShape(up: .megabits(10), down: .megabits(50), rtt: .milliseconds(80), jitter: .milliseconds(15))),
    ]

    /// A named profile, or `nil` when there is none by that name.
    public static func profile(_ name: String) -> NetworkLink? {
        if name == "loopback" {
            return .loopback
        }
        return profiles.first { $0.name == name }.map { NetworkLink(name: name, shape: $0.shape) }
    }
}

/// The figures of a modelled link. "Up" is from the first-named end to the second (client to
/// app server, app server to S3, client to S3): the direction upload bodies travel.
public struct LinkShape: Sendable, Hashable, Codable {
    public let up: BitRate
    public let down: BitRate
    /// Round-trip time; each direction is delayed by half of it.
    public let rtt: TimeSpan
    /// Up to this much is added to or taken from each delay, seeded.
    public let jitter: TimeSpan

    public init(up: BitRate, down: BitRate, rtt: TimeSpan, jitter: TimeSpan = .zero) {
        self.up = up
        self.down = down
        self.rtt = rtt
        self.jitter = jitter
    }
}

extension NetworkLink: CustomStringConvertible {
    /// The profile name, or the figures of a custom link.
    public var description: String {
        guard name == "custom", let shape else {
            return name
        }
        return "\(shape.up) up, \(shape.down) down, rtt \(shape.rtt), jitter \(shape.jitter)"
    }
}
