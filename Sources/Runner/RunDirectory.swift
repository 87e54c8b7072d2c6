// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// Where one run writes its files: `results/<scenario>/<run-id>/`, with a
/// `latest` symbolic link beside it, or a directory the user named.
public struct RunDirectory: Sendable {
    public let url: URL
    /// The run's id: its start time in UTC, `20261203T170000Z`, made unique with a suffix if needed.
    public let runID: String

    /// Creates the directory for a new run.
    /// - Parameters:
    ///   - resultsRoot: usually `results/`.
    ///   - scenarioName: the scenario's name (sanitised for the file system).
    ///   - explicit: the `--out` directory, which replaces the default layout.
    ///   - now: the run's start time.
    public static func create(
        resultsRoot: URL,
        scenarioName: String,
        explicit: URL?,
        now: Date
    ) throws -> RunDirectory {
        do {
            return try make(resultsRoot: resultsRoot, scenarioName: scenarioName, explicit: explicit, now: now)
        } catch {
            let path = explicit?.path ?? resultsRoot.path
            let reason = Self.reason(for: path, error)
            throw RunDirectoryError(description: "Cannot create the output directory \(path): \(reason).")
        }
    }

    /// A plain reason, found by looking at the path itself: Foundation's own
    /// error text for a failed directory creation names neither file nor cause.
    private static func reason(for path: String, _ error: any Error) -> String {
        var ancestor = URL(fileURLWithPath: path)
        while ancestor.path != "/" && !FileManager.default.fileExists(atPath: ancestor.path) {
            ancestor.deleteLastPathComponent()
        }
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory)
        if !isDirectory.boolValue {
            return "\(ancestor.path) is a file, not a directory"
        }
        if !FileManager.default.isWritableFile(atPath: ancestor.path) {
            return "there is no permission to write in \(ancestor.path)"
        }
        return (error as NSError).localizedDescription
    }

    private static func make(
        resultsRoot: URL,
        scenarioName: String,
        explicit: URL?,
        now: Date
    ) throws -> RunDirectory {
        let manager = FileManager.default
        let stamp = Self.runIDFormat(now)
        if let explicit {
            try manager.createDirectory(at: explicit, withIntermediateDirectories: true)
            return RunDirectory(url: explicit, runID: stamp)
        }
        let scenarioDirectory = resultsRoot.appendingPathComponent(sanitised(scenarioName), isDirectory: true)
        try manager.createDirectory(at: scenarioDirectory, withIntermediateDirectories: true)
        var runID = stamp
        var suffix = 1
        while manager.fileExists(atPath: scenarioDirectory.appendingPathComponent(runID).path) {
            suffix += 1
            runID = "\(stamp)-\(suffix)"
        }
        let url = scenarioDirectory.appendingPathComponent(runID, isDirectory: true)
        try manager.createDirectory(at: url, withIntermediateDirectories: false)
        // A relative link keeps the results folder movable.
        let latest = scenarioDirectory.appendingPathComponent("latest")
        try? manager.removeItem(at: latest)
        try? manager.createSymbolicLink(atPath: latest.path, withDestinationPath: runID)
        return RunDirectory(url: url, runID: runID)
    }

    static func runIDFormat(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// Keeps letters, digits, `-`, `_` and `.`; everything else becomes `-`.
    static func sanitised(_ name: String) -> String {
        let kept = name.unicodeScalars.map { scalar -> Character in
            let allowed = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
            return allowed ? Character(scalar) : "-"
        }
        let result = String(kept).trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
        return result.isEmpty ? "scenario" : result
    }
}

/// Why a run's directory could not be made, as one sentence.
public struct RunDirectoryError: Error, CustomStringConvertible {
    public let description: String
}
