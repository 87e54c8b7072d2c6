// SPDX-License-Identifier: Apache-2.0

import Foundation
import Scenario

extension Command {
    /// `upload-bench validate FILE...`: checks scenario files without running them.
    static let validate = Command(
        name: "validate",
        summary: "Check scenario files without running them.",
        help: """
            Check scenario files without running them.

            Usage: upload-bench validate [--cells] FILE...

            Prints one line per valid file (matrix cells, runs, and upper bounds on uploads,
            bytes and time), or every problem of an invalid file, each with the line and the
            field, on standard error.

            Options:
              --cells    Also list each matrix cell of a valid file.
              --help     Show this help.

            Exit status: 0 when every file is valid, 1 when any is not.

            Example:
              upload-bench validate scenarios/*.json
            """,
        run: { arguments, _ in
            let listCells = arguments.flag("--cells")
            let files = arguments.positionals()
            try arguments.finish(helpHint: "upload-bench validate")
            guard !files.isEmpty else {
                throw CommandLineError.usage("Pass one or more scenario files, as in `upload-bench validate scenarios/quick.json`.")
            }
            var allValid = true
            for file in files {
                do {
                    let scenario = try ScenarioFile.load(path: file)
                    Console.out("\(file): ok: \(summary(of: scenario))")
                    if listCells {
                        for cell in scenario.matrix() {
                            Console.out("  cell \(cell.index): \(cell.label)")
                        }
                    }
                } catch {
                    allValid = false
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                }
            }
            return allValid ? 0 : CommandLineError.failureStatus
        }
    )

    /// `3 cells x 3 architectures x 1 repeat = 9 runs; at most 648 uploads (1.7GiB), 1h30m`.
    private static func summary(of scenario: Scenario) -> String {
        let bounds = scenario.bounds
        let settings = scenario.settings
        let architectures = settings.architectures.count
        var text = "\(plural(bounds.cells, "cell")) x \(plural(architectures, "architecture"))"
            + " x \(plural(settings.repeats, "repeat")) = \(plural(bounds.runs, "run"))"
        if let uploads = bounds.uploads {
            text += "; at most \(plural(uploads, "upload"))"
            if let bytes = bounds.bytes {
                text += " (\(approximate(bytes)))"
            }
        } else {
            text += "; uploads bounded by time only"
        }
        return text + ", time limit \(bounds.time)"
    }

    private static func plural(_ count: Int, _ word: String) -> String {
        "\(count) \(word)\(count == 1 ? "" : "s")"
    }

    /// Bytes rounded to one decimal in the largest binary unit, for a summary line.
    private static func approximate(_ size: ByteSize) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(size.bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(size.bytes)B" : String(format: "%.1f", value) + units[unit]
    }
}
