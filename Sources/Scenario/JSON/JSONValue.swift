// SPDX-License-Identifier: Apache-2.0

/// A parsed JSON value with the line it started on, keeping object keys in file order.
///
/// Scenario files are read into this tree first and validated by hand, so that every
/// error can name the field path, the line, what was found and what is accepted.
struct JSONValue: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        /// A number kept as written, so `1.5MiB`-style exactness checks see the source text.
        case number(String)
        case string(String)
        case array([JSONValue])
        case object([Member])
    }

    /// One `"key": value` pair of an object, with the line of its key.
    struct Member: Sendable, Equatable {
        let key: String
        let line: Int
        let value: JSONValue
    }

    let kind: Kind
    /// 1-based line of the value's first character.
    let line: Int

    /// A short phrase for "found ..." in error messages: the value itself when short.
    var foundDescription: String {
        switch kind {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let text): return text
        case .string(let text):
            let shown = text.count > 40 ? String(text.prefix(37)) + "..." : text
            return "\"\(shown)\""
        case .array(let elements): return elements.isEmpty ? "an empty list" : "a list"
        case .object: return "an object"
        }
    }
}
