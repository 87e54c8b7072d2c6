// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// Reads scenario files: JSON with `//` and `/* */` comments and trailing commas, validated
/// strictly (unknown fields, wrong types, bad units and impossible values are all errors).
public enum ScenarioFile {
    /// Files larger than this are refused before parsing.
    static let maximumFileSize = 1 << 20

    /// Reads and validates the scenario file at `path`.
    /// - Throws: `ScenarioError` listing every problem, each with the file, line and field.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        // A directory opens like a file and only fails at the read, with Foundation's "error 256".
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .unreadable(file: path, reason: "is a directory; expected a scenario file, like scenarios/quick.json")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw .unreadable(file: path, reason: reason)
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumFileSize + 1) ?? Data()
        } catch {
            throw .unreadable(file: path, reason: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(data: data, fileName: path)
    }

    /// Validates scenario text. The scenario's name defaults to the file name without `.json`.
    /// - Parameters:
    ///   - data: the file's bytes (UTF-8).
    ///   - fileName: how errors name the file.
    /// - Throws: `ScenarioError` listing every problem.
    public static func parse(data: Data, fileName: String) throws(ScenarioError) -> Scenario {
        guard data.count <= maximumFileSize else {
            throw .unreadable(file: fileName, reason: "larger than \(ByteSize(bytes: Int64(maximumFileSize))); "
                              + "expected a scenario file")
        }
        var parser = JSONParser(Array(data))
        let root: JSONValue
        do {
            root = try parser.parseDocument()
        } catch {
            throw .syntax(file: fileName, error)
        }
        let reader = ScenarioReader()
        guard let scenario = reader.scenario(root, defaultName: defaultName(for: fileName)) else {
            throw .invalid(file: fileName, problems: reader.problems)
        }
        return scenario
    }

    /// The embedded copy of `scenarios/quick.json`, for `upload-bench run` without a file.
    public static func defaultScenario() -> Scenario {
        do {
            return try parse(data: Data(DefaultScenario.quickJSON.utf8), fileName: DefaultScenario.fileName)
        } catch {
            preconditionFailure("the embedded default scenario is invalid: \(error)")
        }
    }

    /// The file name without directories and without `.json`, made safe for a directory name.
    static func defaultName(for fileName: String) -> String {
        var name = (fileName as NSString).lastPathComponent
        if name.hasSuffix(".json") {
            name.removeLast(5)
        }
        let cleaned = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
        return cleaned.isEmpty ? "scenario" : String(cleaned.prefix(64))
    }
}
