// SPDX-License-Identifier: Apache-2.0

/// A table written as CSV per RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180):
/// CRLF line ends, and a field quoted when it holds a comma, a quote, CR or
/// LF, with quotes doubled. Fields are written as given, never trimmed.
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The whole table as CSV text.
    public func rendered() -> String {
        ([header] + rows).map(Self.line).joined()
    }

    /// One record with its CRLF.
    public static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\r\n"
    }

    /// `field` as it must appear in a record.
    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"")
            || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
