// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Appends RFC 4180 rows to a CSV file, writing the header when the file is new.
///
/// Reports' `CSVTable` does the same, but depending on Reports pulls in Scenario,
/// which the Swift 6.3.1 optimiser crashes on in release builds.
public enum CSVFile {
    public static func append(rows: [[String]], header: [String], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var text = FileManager.default.fileExists(atPath: path) ? "" : line(header)
        for row in rows { text += line(row) }
        if let handle = FileHandle(forWritingAtPath: path) {
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } else {
            try Data(text.utf8).write(to: url)
        }
    }

    /// Replaces `path` with the header and `rows`.
    public static func write(rows: [[String]], header: [String], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(([header] + rows).map(line).joined().utf8).write(to: url)
    }

    private static func line(_ fields: [String]) -> String {
        fields.map { field in
            // Quoted only when it holds a comma, quote or line break (RFC 4180 section 2).
            guard field.utf8.contains(where: { ",\"\r\n".utf8.contains($0) }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}

/// The checked-out commit, `-dirty` when the tree has changes, or `unknown` outside git.
public enum GitRevision {
    public static func current() -> String {
        guard let revision = git(["rev-parse", "--short=12", "HEAD"]) else { return "unknown" }
        let dirty = git(["status", "--porcelain", "--untracked-files=no"]).map { !$0.isEmpty } ?? false
        return dirty ? revision + "-dirty" : revision
    }

    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
