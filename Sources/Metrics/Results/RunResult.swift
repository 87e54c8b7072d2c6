// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// Everything a run measured: what `run.json` holds and what every report reads.
/// A plain data model: the runner fills it, reports and `compare` read it.
public struct RunResult: Sendable, Equatable, Codable {
    /// The version of this format; readers refuse versions they do not know.
    public var formatVersion: Int
    public var metadata: RunMetadata
    public var environment: Environment
    /// The resolved scenario (every default filled in), as the runner has it.
    public var scenario: JSONValue?
    /// One entry per architecture and matrix cell.
    public var cells: [CellResult]
    /// Access-control probes made during the run (empty when none were made).
    public var securityChecks: [SecurityCheck]
    /// Free-form remarks for the report (warnings, skipped parts).
    public var notes: [String]

    /// The format version this code writes.
    public static let currentFormatVersion = 1

    public init(
        metadata: RunMetadata, environment: Environment, scenario: JSONValue? = nil, cells: [CellResult] = [],
        securityChecks: [SecurityCheck] = [], notes: [String] = []
    ) {
        formatVersion = Self.currentFormatVersion
        self.metadata = metadata
        self.environment = environment
        self.scenario = scenario
        self.cells = cells
        self.securityChecks = securityChecks
        self.notes = notes
    }

    /// A JSON encoder for run files: sorted keys, ISO 8601 dates, indented.
    // No key strategy: it would also rewrite dictionary keys (S3 error codes).
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// The decoder matching `makeEncoder()`.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
