// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import Metrics

/// Reads and writes `run.json`.
public enum RunFile {
    /// The file name inside a run directory.
    public static let name = "run.json"
    /// The format version this build writes and reads.
    public static var formatVersion: Int { RunResult.currentFormatVersion }

    /// Writes `run` as `directory/run.json`.
    public static func write(_ run: RunResult, to directory: URL) throws {
        let data = try RunResult.makeEncoder().encode(run)
        try data.write(to: directory.appendingPathComponent(name), options: .atomic)
    }

    /// The run at `path`: a run directory or a `run.json` file.
    /// - Throws: `ReportError` when it is missing, unreadable, corrupt or of another format version.
    public static func load(_ path: String) throws -> RunResult {
        let file = resolve(path)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ReportError.missingRun(path)
        }
        return try decode(data, path: file)
    }

    /// `path/run.json` when `path` is a directory, `path` otherwise.
    static func resolve(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return (path as NSString).appendingPathComponent(name)
        }
        return path
    }

    static func decode(_ data: Data, path: String) throws -> RunResult {
        struct Version: Decodable { var formatVersion: Int }
        let decoder = RunResult.makeDecoder()
        let version: Version
        do {
            version = try decoder.decode(Version.self, from: data)
        } catch {
            throw ReportError.corruptRun(path, describe(error))
        }
        guard version.formatVersion == formatVersion else {
            throw ReportError.unsupportedVersion(path, version.formatVersion)
        }
        do {
            return try decoder.decode(RunResult.self, from: data)
        } catch {
            throw ReportError.corruptRun(path, describe(error))
        }
    }

    // Decoding errors name the field path, which is what a user needs to find the damage.
    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
        }
        switch decoding {
        case .keyNotFound(let key, let context): return "missing field \(key.stringValue) at \(path(context))"
        case .typeMismatch(_, let context): return "wrong type at \(path(context))"
        case .valueNotFound(_, let context): return "missing value at \(path(context))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(context.debugDescription) at \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
