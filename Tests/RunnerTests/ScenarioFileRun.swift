// SPDX-License-Identifier: Apache-2.0

import Foundation
import Runner

/// Writes `json` as a scenario file in a fresh temporary directory and runs it there,
/// quietly, with the reports under `out/` and `results/` rooted in the same directory.
/// - Returns: the outcome and the directory, which the caller removes (a run that throws removes it).
func runScenarioFile(
    _ json: String,
    label: String,
    serveExecutable: String = RunOptions.runningExecutable
) throws -> (outcome: BenchmarkRunner.Outcome, directory: URL) {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let scenario = directory.appendingPathComponent("scenario.json")
    try Data(json.utf8).write(to: scenario)
    let options = RunOptions(
        scenarioPath: scenario.path,
        outputDirectory: directory.appendingPathComponent("out", isDirectory: true),
        resultsRoot: directory,
        commandLine: ["test"],
        serveExecutable: serveExecutable
    )
    do {
        return (try BenchmarkRunner.run(options, progress: ProgressLine(quiet: true)), directory)
    } catch {
        try? FileManager.default.removeItem(at: directory)
        throw error
    }
}
