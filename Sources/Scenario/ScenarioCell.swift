// SPDX-License-Identifier: Apache-2.0

/// One point of a scenario's matrix, fully resolved: what the runner runs for every
/// architecture and records in `run.json`.
@dynamicMemberLookup
public struct ScenarioCell: Sendable, Hashable, Codable {
    /// The scenario's name.
    public let scenario: String
    /// Position in `Scenario.matrix()`, from 0.
    public let index: Int
    /// The swept fields' values in this cell (empty without sweeps).
    public let coordinates: [SweepCoordinate]
    public let seed: UInt64
    public let settings: ScenarioSettings

    /// Reads a setting directly: `cell.load`, `cell.objectSize`.
    public subscript<Value>(dynamicMember keyPath: KeyPath<ScenarioSettings, Value>) -> Value {
        settings[keyPath: keyPath]
    }

    /// `"object_size=1MiB load.concurrency=8"`, or `"default"` without sweeps.
    public var label: String {
        coordinates.isEmpty ? "default" : coordinates.map(\.description).joined(separator: " ")
    }

    /// The most uploads one measured run can start, or `nil` when only time bounds it.
    public var uploadBound: Int? {
        let stop = settings.stop
        var bound = stop.uploads
        if let bytes = stop.bytes {
            // Every object has at least 1 byte of budget: zero-byte objects cannot be bounded by bytes.
            let smallest = max(1, settings.objectSize.smallest.bytes)
            bound = min(bound ?? .max, Int(min(Int64(Int.max), bytes.bytes / smallest + 1)))
        }
        if case .open(let rate, _, _) = settings.load, let duration = stop.duration {
            bound = min(bound ?? .max, Int((rate.perSecond * duration.seconds).rounded(.up)) + 1)
        }
        let warmup = settings.warmup
        guard let measured = bound else {
            return nil
        }
        if warmup.duration != nil, warmup.uploads == 0 {
            guard case .open(let rate, _, _) = settings.load, let duration = warmup.duration else {
                return nil
            }
            return measured + Int((rate.perSecond * duration.seconds).rounded(.up)) + 1
        }
        return measured + warmup.uploads
    }
}
