// SPDX-License-Identifier: Apache-2.0

extension ScenarioReader {
    /// The three links, with the fields given as lists as sweeps.
    func network(_ value: JSONValue, at path: FieldPath) -> (NetworkModel, [SweepAxis])? {
        guard let fields = object(value, at: path, fields: ["client", "client_app", "app_s3", "client_s3", "shaping"]) else {
            return nil
        }
        if fields.has("client"), fields.has("client_app") || fields.has("client_s3") {
            fields.refuse("client", because: "set together with client_app or client_s3; \"client\" sets both client links, "
                          + "so give either client or the two separate links")
        }
        let before = problems.count
        let standard = NetworkModel.standard
        var axes: [SweepAxis] = []
        func read(_ key: String, _ field: SweepField) -> NetworkLink? {
            guard let links = fields.sweep(key, link) else {
                return nil
            }
            if links.count > 1 {
                // Reports and summary.csv tell network cells apart by the link's name alone: two links both
                // named "custom" were merged into one workload and compared across networks.
                for (index, link) in links.enumerated() {
                    guard let first = links[..<index].firstIndex(where: { $0.name == link.name }) else { continue }
                    report(path.appending(key).index(index), line: fields.elementLine(key, index),
                           "found a link named \"\(link.name)\" like \(path.appending(key).index(first)); expected a "
                           + "distinct \"name\" for each swept link, which reports and summary.csv show for its cells")
                }
                axes.append(SweepAxis(field: field, values: links.map { .link($0) }))
            }
            return links[0]
        }
        let client = read("client", .clientLink)
        let clientApp = read("client_app", .clientAppLink) ?? client ?? standard.clientApp
        let appS3 = read("app_s3", .appS3Link) ?? standard.appS3
        let clientS3 = read("client_s3", .clientS3Link) ?? client ?? standard.clientS3
        let shaping = fields.get("shaping") { self.choice($0, at: $1, as: LinkShaping.self) } ?? .auto
        guard problems.count == before else {
            return nil
        }
        axes.sort { SweepField.allCases.firstIndex(of: $0.field)! < SweepField.allCases.firstIndex(of: $1.field)! }
        return (NetworkModel(clientApp: clientApp, appS3: appS3, clientS3: clientS3, shaping: shaping), axes)
    }

    private var profileNames: String {
        (["loopback"] + NetworkLink.profiles.map(\.name)).joined(separator: ", ")
    }

    /// A profile name, or an object with figures (optionally starting from a profile).
    private func link(_ value: JSONValue, at path: FieldPath) -> NetworkLink? {
        switch value.kind {
        case .string(let text):
            guard let link = NetworkLink.profile(text) else {
                let names = ["loopback"] + NetworkLink.profiles.map(\.name)
                mismatch(value, at: path, expected: "one of \(profileNames), or an object with up, down, rtt and jitter"
                         + Suggestion.hint(for: text, among: names))
                return nil
            }
            return link
        case .object:
            return customLink(value, at: path)
        default:
            mismatch(value, at: path, expected: "a link profile (\(profileNames)) or an object with up, down, rtt and jitter")
            return nil
        }
    }

    private func customLink(_ value: JSONValue, at path: FieldPath) -> NetworkLink? {
        guard let fields = object(value, at: path, fields: ["name", "profile", "up", "down", "rtt", "jitter"]) else {
            return nil
        }
        let before = problems.count
        var base: LinkShape?
        let profile = fields.get("profile", string)
        if let profile {
            base = NetworkLink.profiles.first { $0.name == profile }?.shape
            if base == nil {
                fields.refuse("profile", because: "found \"\(profile)\"; expected one of "
                              + NetworkLink.profiles.map(\.name).joined(separator: ", "))
            }
        }
        // Each field is read by its own call: swiftc 6.3.1 crashed in release builds
        // (StackPromotion) when one stored closure was shared between these reads.
        let needed = base == nil && problems.count == before
        let up = needed
            ? fields.require("up", expected: BitRate.expected) { self.linkBandwidth($0, at: $1) }
            : fields.get("up") { self.linkBandwidth($0, at: $1) }
        let down = needed
            ? fields.require("down", expected: BitRate.expected) { self.linkBandwidth($0, at: $1) }
            : fields.get("down") { self.linkBandwidth($0, at: $1) }
        let rtt = needed
            ? fields.require("rtt", expected: TimeSpan.expected) { self.linkDelay($0, at: $1) }
            : fields.get("rtt") { self.linkDelay($0, at: $1) }
        let jitter = fields.get("jitter") { self.linkDelay($0, at: $1) }
        let name = fields.get("name") { self.name($0, at: $1) }
        guard problems.count == before, let up = up ?? base?.up, let down = down ?? base?.down,
              let rtt = rtt ?? base?.rtt else {
            return nil
        }
        let shape = LinkShape(up: up, down: down, rtt: rtt, jitter: jitter ?? base?.jitter ?? .zero)
        guard shape.jitter <= shape.rtt else {
            // A jitter taken from the profile has no field to blame: the rtt that undercut it is
            // named instead, or the link would be dropped without a word and the default used.
            if jitter != nil {
                fields.refuse("jitter", because: "found \(fields.found("jitter") ?? "\(shape.jitter)"); "
                              + "expected at most the rtt (\(shape.rtt))")
            } else {
                fields.refuse("rtt", because: "found \(shape.rtt), below the jitter of profile \(profile ?? "custom") "
                              + "(\(shape.jitter)); expected at least that jitter, or a \"jitter\" of at most the rtt")
            }
            return nil
        }
        let changed = base != nil && shape != base
        return NetworkLink(name: name ?? (changed || base == nil ? "custom" : profile ?? "custom"), shape: shape)
    }

    private func linkBandwidth(_ value: JSONValue, at path: FieldPath) -> BitRate? {
        bitRate(value, at: path, in: 1000...400_000_000_000)
    }

    private func linkDelay(_ value: JSONValue, at path: FieldPath) -> TimeSpan? {
        timeSpan(value, at: path, in: .zero...TimeSpan.seconds(10))
    }
}
