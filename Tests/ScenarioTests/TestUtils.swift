// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Scenario

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Every shipped scenario file.
func shippedScenarioPaths() throws -> [String] {
    let directory = repositoryRoot.appendingPathComponent("scenarios")
    return try FileManager.default.contentsOfDirectory(atPath: directory.path)
        .filter { $0.hasSuffix(".json") }
        .sorted()
        .map { directory.appendingPathComponent($0).path }
}

/// Parses scenario text named `test.json`.
func parse(_ text: String) throws(ScenarioError) -> Scenario {
    try ScenarioFile.parse(data: Data(text.utf8), fileName: "test.json")
}

/// The error text for scenario text that must be refused (fails the test when it is accepted).
func refusal(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    do {
        _ = try parse(text)
        Issue.record("accepted a scenario that should be refused", sourceLocation: sourceLocation)
        return ""
    } catch {
        return error.description
    }
}

/// A valid scenario body with `extra` fields added at the top level.
func minimal(
    _ extra: String = "", objectSize: String = #""1MiB""#,
    architectures: String = #"[{ "architecture": "proxy" }, { "architecture": "presigned" }]"#
) -> String {
    """
    {
        "architectures": \(architectures),
        "object_size": \(objectSize),
        \(extra)
    }
    """
}
