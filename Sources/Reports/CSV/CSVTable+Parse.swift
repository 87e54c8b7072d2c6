// SPDX-License-Identifier: Apache-2.0

extension CSVTable {
    /// Reads RFC 4180 text back into a table (the first record is the header).
    /// Accepts LF as well as CRLF line ends. Used by tests and by readers of
    /// baselines; quoted fields may hold commas, quotes and line breaks.
    /// - Returns: `nil` when a quoted field is not closed.
    public static func parse(_ text: String) -> CSVTable? {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return iterator.next()
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    let following = next()
                    if following == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        pending = following
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\r": continue
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        guard !quoted else { return nil }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        guard let header = records.first else { return CSVTable(header: []) }
        return CSVTable(header: header, rows: Array(records.dropFirst()))
    }
}
