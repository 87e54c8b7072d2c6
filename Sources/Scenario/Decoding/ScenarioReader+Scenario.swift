// SPDX-License-Identifier: Apache-2.0

extension ScenarioReader {
    static let topLevelFields = [
        "name", "description", "seed", "architectures", "object_size", "load", "stop", "warmup", "repeats",
        "s3", "app", "faults", "retry", "network", "process", "timeouts",
    ]

    private static let topLevelHints = [
        "sweep": " (to sweep a field, give it a list of values, like \"object_size\": [\"4KiB\", \"1MiB\"])",
        "concurrency": " (concurrency goes in \"load\": {\"concurrency\": 8})",
        "arrival_rate": " (arrival_rate goes in \"load\": {\"arrival_rate\": \"20/s\"})",
        "uploads": " (uploads goes in \"stop\": {\"uploads\": 100})",
        "duration": " (duration goes in \"stop\": {\"duration\": \"30s\"})",
        "object_sizes": " (did you mean \"object_size\"? A list there makes a sweep)",
    ]

    /// Validates a whole document; `nil` when any problem was recorded.
    func scenario(_ root: JSONValue, defaultName: String) -> Scenario? {
        guard let fields = object(root, at: .root, fields: Self.topLevelFields, hints: Self.topLevelHints) else {
            return nil
        }
        let name = fields.get("name") { self.name($0, at: $1) } ?? defaultName
        let description = fields.get("description", string) ?? ""
        let seed = fields.get("seed") { self.integer($0, at: $1, in: 0...Int64.max) } ?? 1
        let architectures = fields.require("architectures", expected: "a list of architectures to compare") {
            self.architectures($0, at: $1)
        } ?? []
        let objectSizes = fields.require("object_size", expected: "an object size, a distribution, or a list of them") {
            self.objectSizes($0, at: $1)
        } ?? [.fixed(.mebibytes(1))]
        let (load, loadAxes) = fields.get("load") { self.load($0, at: $1) } ?? (.closed(concurrency: 8), [])
        let stop = fields.get("stop") { self.stop($0, at: $1) } ?? .standard
        let warmup = fields.get("warmup") { self.warmup($0, at: $1) } ?? .none
        let repeats = fields.get("repeats") { self.integer($0, at: $1, in: 1...100) } ?? 1
        let s3 = fields.get("s3") { self.s3Target($0, at: $1) } ?? .embedded(EmbeddedS3())
        let app = fields.get("app") { self.appSettings($0, at: $1) } ?? .standard
        let faults = fields.get("faults") { self.faults($0, at: $1) } ?? .none
        let retry = fields.get("retry") { self.retryPolicy($0, at: $1) } ?? .standard
        let (network, networkAxes) = fields.get("network") { self.network($0, at: $1) } ?? (.standard, [])
        let process = fields.get("process") { self.choice($0, at: $1, as: ProcessMode.self) } ?? .inProcess
        let timeouts = fields.get("timeouts") { self.timeouts($0, at: $1) } ?? .standard

        var axes = networkAxes + loadAxes
        if objectSizes.count > 1 {
            axes.append(SweepAxis(field: .objectSize, values: objectSizes.map { .objectSize($0) }))
        }
        let settings = ScenarioSettings(
            architectures: architectures, objectSize: objectSizes[0], load: load, stop: stop, warmup: warmup,
            repeats: Int(repeats), s3: s3, app: app, faults: faults, retry: retry, network: network,
            process: process, timeouts: timeouts
        )
        guard problems.isEmpty else {
            return nil
        }
        let scenario = Scenario(name: name, description: description, seed: UInt64(seed), settings: settings, sweep: axes)
        checkCombinations(scenario, objectSizes: objectSizes, fields: fields)
        return problems.isEmpty ? scenario : nil
    }

    /// Rules that span sections; run once every section is valid on its own.
    private func checkCombinations(_ scenario: Scenario, objectSizes: [ObjectSizeDistribution], fields: ObjectFields) {
        let settings = scenario.settings
        let root = FieldPath.root
        let largest = objectSizes.map(\.largest).max() ?? ByteSize(bytes: 0)
        for (index, architecture) in settings.architectures.enumerated() {
            checkSizes(architecture, largest: largest, at: root.appending("architectures").index(index), app: settings.app)
        }
        if case .endpoint = settings.s3, !settings.faults.isNone {
            report(root.appending("faults"), line: nil,
                   "faults are injected by the embedded S3; remove them or use \"s3\": {\"type\": \"embedded\"}")
        }
        if settings.timeouts.upload > settings.timeouts.run {
            report(root.appending("timeouts.upload"), line: nil,
                   "found \(settings.timeouts.upload); expected at most timeouts.run (\(settings.timeouts.run))")
        }
        let cells = scenario.cellCount
        let sizes = scenario.sweep.map { "\($0.field.rawValue) \($0.values.count)" }.joined(separator: " x ")
        if cells > Scenario.maximumCells {
            report(root, line: nil, "the sweeps make \(cells) cells (\(sizes)); at most \(Scenario.maximumCells) are allowed")
        }
        let runs = cells * settings.architectures.count * settings.repeats
        if runs > Scenario.maximumRuns {
            report(root, line: nil, "the scenario makes \(runs) runs (cells x architectures x repeats); "
                   + "at most \(Scenario.maximumRuns) are allowed")
        }
    }

    private func checkSizes(_ architecture: Architecture, largest: ByteSize, at path: FieldPath, app: AppSettings) {
        let multipart: MultipartSettings?
        switch architecture {
        case .proxy(let proxy):
            multipart = proxy.multipart
            if largest > app.maxBodySize {
                report(FieldPath.root.appending("app.max_body_size"), line: nil,
                       "found \(app.maxBodySize); expected at least the largest object size (\(largest)), "
                       + "or every larger proxy upload is refused")
            }
        case .presigned(let presigned):
            multipart = presigned.multipart
        }
        guard let multipart else {
            if largest > Limits.singlePut {
                report(path, line: nil, "object sizes up to \(largest) exceed \(Limits.singlePut), the largest single PUT; "
                       + "use mode or flow multipart")
            }
            return
        }
        let parts = (largest.bytes + multipart.partSize.bytes - 1) / multipart.partSize.bytes
        if parts > Limits.maximumParts {
            report(path.appending("part_size"), line: nil,
                   "found \(multipart.partSize); objects of \(largest) would need \(parts) parts, "
                   + "expected a part size giving at most \(Limits.maximumParts)")
        }
    }

    /// A name usable in a directory name.
    func name(_ value: JSONValue, at path: FieldPath) -> String? {
        let expected = "a name of letters, digits, \"-\", \"_\" and \".\" (at most 64), starting with a letter or digit"
        return string(value, at: path, expected: expected) { Self.isIdentifier($0, extra: "-_.", maxLength: 64) }
    }

    static func isIdentifier(_ text: String, extra: String, maxLength: Int) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || first.isNumber, text.count <= maxLength else {
            return false
        }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || extra.contains($0)) }
    }
}

/// S3's own limits that scenarios are checked against.
enum Limits {
    static let largestObject = ByteSize.tebibytes(5)
    static let singlePut = ByteSize.gibibytes(5)
    static let minimumPart = ByteSize.mebibytes(5)
    static let maximumParts: Int64 = 10_000
    static let presignExpiry = TimeSpan.hours(24 * 7)
}
