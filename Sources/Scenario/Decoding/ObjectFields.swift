// SPDX-License-Identifier: Apache-2.0

/// The members of one JSON object being validated against a list of known fields.
///
/// Unknown fields are reported as soon as the object is opened, with the known fields and
/// a "did you mean" hint.
final class ObjectFields {
    let path: FieldPath
    let line: Int
    let reader: ScenarioReader
    private let members: [JSONValue.Member]

    init(members: [JSONValue.Member], line: Int, path: FieldPath, known: [String], hints: [String: String],
         reader: ScenarioReader) {
        self.members = members
        self.line = line
        self.path = path
        self.reader = reader
        for member in members where !known.contains(member.key) {
            let hint = hints[member.key] ?? Suggestion.hint(for: member.key, among: known)
            let accepted = known.isEmpty ? "no fields here" : "one of \(known.joined(separator: ", "))"
            reader.report(path.appending(member.key), line: member.line, "unknown field; expected \(accepted)\(hint)")
        }
    }

    func has(_ key: String) -> Bool {
        members.contains { $0.key == key }
    }

    /// The line of element `index` of the list in `key`, if it is one.
    func elementLine(_ key: String, _ index: Int) -> Int? {
        guard case .array(let elements) = members.first(where: { $0.key == key })?.value.kind,
              elements.indices.contains(index) else {
            return nil
        }
        return elements[index].line
    }

    /// The keys present, in file order.
    var keys: [String] {
        members.map(\.key)
    }

    /// Reads a field through `convert`; `nil` when absent (no problem) or invalid (reported).
    func get<Value>(_ key: String, _ convert: (JSONValue, FieldPath) -> Value?) -> Value? {
        guard let member = members.first(where: { $0.key == key }) else {
            return nil
        }
        return convert(member.value, path.appending(key))
    }

    /// Like `get`, but reports a missing field.
    func require<Value>(_ key: String, expected: String, _ convert: (JSONValue, FieldPath) -> Value?) -> Value? {
        guard has(key) else {
            reader.report(path.appending(key), line: line, "missing; expected \(expected)")
            return nil
        }
        return get(key, convert)
    }

    /// Reads a field that may hold one value or a list of values (a sweep).
    /// A list that repeats a value is refused.
    func sweep<Value: Equatable>(_ key: String, _ convert: (JSONValue, FieldPath) -> Value?) -> [Value]? {
        guard let member = members.first(where: { $0.key == key }) else {
            return nil
        }
        let fieldPath = path.appending(key)
        guard case .array(let elements) = member.value.kind else {
            return convert(member.value, fieldPath).map { [$0] }
        }
        guard !elements.isEmpty else {
            reader.report(fieldPath, line: member.line, "found an empty list; expected a value, or a list of values to sweep")
            return nil
        }
        let values = elements.enumerated().compactMap { convert($1, fieldPath.index($0)) }
        guard values.count == elements.count, reader.distinct(values, elements: elements, at: fieldPath) else {
            return nil
        }
        return values
    }

    /// What a present field holds, as refusals quote it (`"50ms"`, `8`).
    func found(_ key: String) -> String? {
        members.first { $0.key == key }?.value.foundDescription
    }

    /// Reports that a field is set where it has no effect.
    func refuse(_ key: String, because reason: String) {
        guard let member = members.first(where: { $0.key == key }) else {
            return
        }
        reader.report(path.appending(key), line: member.line, reason)
    }
}
