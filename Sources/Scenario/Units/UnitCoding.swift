// SPDX-License-Identifier: Apache-2.0

/// Codable support shared by the unit types: they are written as their canonical strings
/// (`"8MiB"`, `"250ms"`) and read back with the same parser as scenario files.
enum UnitCoding {
    /// Decodes a string and converts it with `parse`, which returns `nil` for invalid text.
    static func decode<Value>(
        _ decoder: any Decoder, expected: String, _ parse: (String) throws(UnitText.Failure) -> Value?
    ) throws -> Value {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = try? parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected \(expected)")
        }
        return value
    }

    static func encode(_ value: some CustomStringConvertible, to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value.description)
    }
}
