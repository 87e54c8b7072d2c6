// SPDX-License-Identifier: Apache-2.0

/// A GitHub-flavoured Markdown table; pipes and line breaks in cells are escaped.
struct MarkdownTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns whose cells align right (numbers).
    var rightAligned: Set<Int> = []

    func rendered() -> String {
        let separator = header.indices.map { rightAligned.contains($0) ? "---:" : "---" }
        return ([header, separator] + rows).map { cells in
            "| " + cells.map(Self.escaped).joined(separator: " | ") + " |"
        }.joined(separator: "\n") + "\n"
    }

    static func escaped(_ cell: String) -> String {
        cell.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
