// SPDX-License-Identifier: Apache-2.0

/// The first progress line of a run: what it will measure and where the results go.
enum StartLine {
    /// `upload-bench: quick: 1 cell x 2 architectures -> results/quick-…`
    static func text(scenario: String, cells: Int, architectures: Int, directory: String) -> String {
        "upload-bench: \(scenario): \(counted(cells, "cell")) x \(counted(architectures, "architecture")) -> \(directory)"
    }

    /// `1 cell`, `2 cells`: the noun agrees with the number.
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
