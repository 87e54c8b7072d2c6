// SPDX-License-Identifier: Apache-2.0

/// A validated scenario file: its base settings and the fields it sweeps.
///
/// Get one from `ScenarioFile.load(path:)` or `ScenarioFile.parse(data:fileName:)`, then run
/// each cell of `matrix()`.
public struct Scenario: Sendable, Hashable, Codable {
    /// Used in result directory names: letters, digits, `-` and `_`.
    public let name: String
    public let description: String
    /// Seeds every random choice (object sizes, arrivals, jitter, retry backoff).
    public let seed: UInt64
    /// The settings of the first cell; sweeps replace single fields.
    public let settings: ScenarioSettings
    /// Swept fields, outermost first; empty when the scenario has a single cell.
    public let sweep: [SweepAxis]

    /// At most this many cells per scenario.
    public static let maximumCells = 256
    /// At most this many measured runs (cells x architectures x repeats) per scenario.
    public static let maximumRuns = 4096

    /// The number of cells `matrix()` returns.
    public var cellCount: Int {
        sweep.reduce(1) { $0 * $1.values.count }
    }

    /// Every combination of the swept values, the last swept field varying fastest.
    public func matrix() -> [ScenarioCell] {
        var combinations: [[SweepCoordinate]] = [[]]
        for axis in sweep {
            combinations = combinations.flatMap { prefix in
                axis.values.map { prefix + [SweepCoordinate(field: axis.field, value: $0)] }
            }
        }
        return combinations.enumerated().map { index, coordinates in
            var cellSettings = settings
            for coordinate in coordinates {
                cellSettings.apply(coordinate.value, to: coordinate.field)
            }
            return ScenarioCell(scenario: name, index: index, coordinates: coordinates, seed: seed, settings: cellSettings)
        }
    }

    /// Upper bounds over the whole matrix, for `validate` and progress estimates.
    public var bounds: ScenarioBounds {
        ScenarioBounds(cells: matrix())
    }
}

/// How much work a scenario can do at most.
public struct ScenarioBounds: Sendable, Hashable {
    public let cells: Int
    /// Measured runs: cells x architectures x repeats.
    public let runs: Int
    /// Uploads, warm-up included; `nil` when only time limits bound some run.
    public let uploads: Int?
    /// Bytes uploaded, warm-up included; `nil` when unbounded by count or bytes.
    public let bytes: ByteSize?
    /// Total time limit of all runs (each run's duration, or its run timeout).
    public let time: TimeSpan

    init(cells matrix: [ScenarioCell]) {
        cells = matrix.count
        var runs = 0
        var uploads: Int? = 0
        var bytes: Int64? = 0
        var time: Int64 = 0
        for cell in matrix {
            let settings = cell.settings
            let count = settings.architectures.count * settings.repeats
            runs += count
            let perRun = cell.uploadBound
            uploads = zip(uploads, perRun).map { $0 + count * $1 }
            let largest = settings.objectSize.largest.bytes
            let runBytes = settings.stop.bytes.map { $0.bytes + Int64(settings.load.maxInFlight) * largest }
                ?? perRun.map { Int64($0) * largest }
            bytes = zip(bytes, runBytes).map { $0 + Int64(count) * $1 }
            let runTime = min(settings.timeouts.run.nanoseconds,
                              (settings.stop.duration?.nanoseconds ?? .max) &+ (settings.warmup.duration?.nanoseconds ?? 0))
            time += Int64(count) * max(0, runTime)
        }
        self.runs = runs
        self.uploads = uploads
        self.bytes = bytes.map { ByteSize(bytes: $0) }
        self.time = TimeSpan(nanoseconds: time)
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else {
        return nil
    }
    return (a, b)
}
