// SPDX-License-Identifier: Apache-2.0

/// The three links of a deployment as real interfaces shaped by the kernel:
/// a namespace for the app server, one for S3, and veth pairs between them
/// and the calling process's own namespace, where clients stay.
///
/// ```
///   root (clients) ──client-app── app ns
///        └─────────client-s3───── s3 ns ──app-s3── app ns
/// ```
/// Each direction is shaped on its sending end (`tbf` for bandwidth, `netem`
/// for delay and jitter), so unlike the emulator, every connection on a link
/// shares its bandwidth, as on one real line. Each link is a /30 of a /28
/// block in 10.0.0.0/8 that no interface of the caller's namespace uses.
public final class KernelNetwork: Sendable {
    /// The app server's namespace.
    public let app: NetworkNamespace
    /// The S3 server's namespace.
    public let s3: NetworkNamespace
    /// The app server's address on the client link, as clients reach it.
    public let appAddress: String
    /// S3's address on the client-S3 link, as clients reach it.
    public let s3AddressForClients: String
    /// S3's address on the app-S3 link, as the app server reaches it.
    public let s3AddressForApp: String
    private let rootDevices: [String]

    /// Creates the namespaces and the shaped links.
    /// - Parameters:
    ///   - label: part of the namespaces' names (`ub-PID-N-LABEL-app`); letters, digits, `-`, `_`, `.`.
    ///   - clientApp: the client to app server link; `LinkProfile.loopback` leaves a link unshaped.
    ///   - appS3: the app server to S3 link.
    ///   - clientS3: the client to S3 link.
    /// - Throws: `KernelShapingError` when a command fails (nothing is left behind).
    public init(label: String, clientApp: LinkProfile, appS3: LinkProfile, clientS3: LinkProfile) throws {
        StaleNamespaces.sweepOnce()
        let names = KernelNames.next(label: label)
        let block = try Self.freeBlock(names)
        let clientAppDevice = names.rootDevice("a")
        let clientS3Device = names.rootDevice("s")
        rootDevices = [clientAppDevice, clientS3Device]
        appAddress = (block + 2).dottedQuad
        s3AddressForClients = (block + 6).dottedQuad
        s3AddressForApp = (block + 10).dottedQuad

        app = try NetworkNamespace(name: names.namespace("app"))
        do {
            s3 = try NetworkNamespace(name: names.namespace("s3"))
        } catch {
            app.delete()
            throw error
        }
        do {
            try Self.connect((nil, clientAppDevice), (app.name, "client"), block: block, profile: clientApp)
            try Self.connect((nil, clientS3Device), (s3.name, "client"), block: block + 4, profile: clientS3)
            try Self.connect((app.name, "s3"), (s3.name, "app"), block: block + 8, profile: appS3)
        } catch {
            shutdown()
            throw error
        }
    }

    /// The names of the namespaces in `ip netns list` that contain `label`.
    public static func namespaces(labelled label: String) -> [String] {
        let listing = (try? NetworkCommand.run("ip", ["netns", "list"])) ?? ""
        return listing.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0.contains("-\(label)-") }
    }

    /// Deletes both namespaces and the root-side interfaces.
    public func shutdown() {
        // Deleting a namespace frees its veths only once nothing in it is
        // referenced any more; deleting the root ends now frees the pairs at once.
        for device in rootDevices {
            _ = try? NetworkCommand.run("ip", ["link", "delete", device])
        }
        app.delete()
        s3.delete()
    }

    /// One end of a veth pair: its namespace (nil for the caller's) and device name.
    private typealias End = (namespace: String?, device: String)

    /// A veth pair from `near` (the link's connecting end) to `far` at
    /// `block + 1` and `block + 2`, shaped by `profile`.
    private static func connect(_ near: End, _ far: End, block: UInt32, profile: LinkProfile) throws {
        guard let farNamespace = far.namespace else { preconditionFailure("the far end is always in a namespace") }
        try NetworkCommand.run("ip", scope(near) + [
            "link", "add", near.device, "type", "veth", "peer", "name", far.device, "netns", farNamespace,
        ])
        for (end, address, up) in [(near, block + 1, true), (far, block + 2, false)] {
            try NetworkCommand.run("ip", scope(end) + ["addr", "add", "\(address.dottedQuad)/30", "dev", end.device])
            try NetworkCommand.run("ip", scope(end) + ["link", "set", end.device, "up"])
            for command in EgressShape(profile, up: up).tcCommands(device: end.device) {
                try NetworkCommand.run("tc", scope(end) + command)
            }
        }
    }

    private static func scope(_ end: End) -> [String] {
        end.namespace.map { ["-n", $0] } ?? []
    }

    /// The first /28 from `names`' preferred one that no address of the caller's namespace falls in.
    private static func freeBlock(_ names: KernelNames) throws -> UInt32 {
        let listing = try NetworkCommand.run("ip", ["-o", "-4", "addr", "show"])
        let used = Set(listing.split(separator: " ").compactMap { field -> UInt32? in
            let address = field.split(separator: "/").first.map(String.init) ?? ""
            let octets = address.split(separator: ".").compactMap { UInt32($0) }
            guard octets.count == 4, field.contains("/") else { return nil }
            return octets.reduce(0) { $0 << 8 | $1 } & ~0xF
        })
        for offset in 0..<64 where !used.contains(names.block(offset: offset)) {
            return names.block(offset: offset)
        }
        throw KernelShapingError.namespace(names.namespace("*"), "no free address block in 10.0.0.0/8")
    }
}
