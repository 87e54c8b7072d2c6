// SPDX-License-Identifier: Apache-2.0

/// Collects problems while a scenario tree is validated, and converts leaf values.
///
/// Every conversion returns `nil` after recording a problem, so validation goes on and
/// reports all problems of a file at once. Used on one thread for one file.
final class ScenarioReader {
    private(set) var problems: [ScenarioError.Problem] = []

    func report(_ path: FieldPath, line: Int?, _ message: String) {
        problems.append(ScenarioError.Problem(path: path.description, line: line, message: message))
    }

    /// Reports each element of a swept list that repeats an earlier one, since
    /// it would only make duplicate cells; `true` when all are distinct.
    func distinct<Value: Equatable>(_ values: [Value], elements: [JSONValue], at path: FieldPath) -> Bool {
        let before = problems.count
        for (index, value) in values.enumerated() {
            guard let first = values[..<index].firstIndex(of: value) else {
                continue
            }
            report(path.index(index), line: elements[index].line,
                   "found \(elements[index].foundDescription), the same value as \(path.index(first)); "
                   + "expected each swept value once (a repeated value makes duplicate cells)")
        }
        return problems.count == before
    }

    /// Records "found X; expected Y".
    func mismatch(_ value: JSONValue, at path: FieldPath, expected: String) {
        report(path, line: value.line, "found \(value.foundDescription); expected \(expected)")
    }

    func object(_ value: JSONValue, at path: FieldPath, fields: [String], hints: [String: String] = [:]) -> ObjectFields? {
        guard case .object(let members) = value.kind else {
            mismatch(value, at: path, expected: "an object with fields \(fields.joined(separator: ", "))")
            return nil
        }
        return ObjectFields(members: members, line: value.line, path: path, known: fields, hints: hints, reader: self)
    }

    func string(_ value: JSONValue, at path: FieldPath) -> String? {
        guard case .string(let text) = value.kind else {
            mismatch(value, at: path, expected: "a string in double quotes")
            return nil
        }
        return text
    }

    /// A string that passes `isValid`; otherwise "found ...; expected `expected`".
    func string(_ value: JSONValue, at path: FieldPath, expected: String, where isValid: (String) -> Bool) -> String? {
        guard let text = string(value, at: path) else {
            return nil
        }
        guard isValid(text) else {
            mismatch(value, at: path, expected: expected)
            return nil
        }
        return text
    }

    func bool(_ value: JSONValue, at path: FieldPath) -> Bool? {
        guard case .bool(let flag) = value.kind else {
            mismatch(value, at: path, expected: "true or false")
            return nil
        }
        return flag
    }

    /// A whole number in `range`; `why` explains the bounds in the message.
    func integer(_ value: JSONValue, at path: FieldPath, in range: ClosedRange<Int64>, why: String = "") -> Int64? {
        let expected = "a whole number from \(range.lowerBound) to \(range.upperBound)\(why)"
        guard case .number(let text) = value.kind, let number = Int64(text) else {
            mismatch(value, at: path, expected: expected)
            return nil
        }
        guard range.contains(number) else {
            mismatch(value, at: path, expected: expected)
            return nil
        }
        return number
    }

    /// A plain number (like a weight or a multiplier) in `range`.
    func number(_ value: JSONValue, at path: FieldPath, in range: ClosedRange<Double>, why: String = "") -> Double? {
        let expected = "a number from \(shortDecimal(range.lowerBound)) to \(shortDecimal(range.upperBound))\(why)"
        guard case .number(let text) = value.kind, let number = Double(text), range.contains(number) else {
            mismatch(value, at: path, expected: expected)
            return nil
        }
        return number
    }

    func choice<Choice: RawRepresentable & CaseIterable>(
        _ value: JSONValue, at path: FieldPath, as type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        let expected = "one of \(names.joined(separator: ", "))"
        guard case .string(let text) = value.kind else {
            mismatch(value, at: path, expected: expected)
            return nil
        }
        guard let choice = Choice(rawValue: text) else {
            mismatch(value, at: path, expected: expected + Suggestion.hint(for: text, among: names))
            return nil
        }
        return choice
    }

    /// A size in `range`; a bare JSON integer counts as bytes.
    func size(_ value: JSONValue, at path: FieldPath, in range: ClosedRange<ByteSize>, why: String = "") -> ByteSize? {
        let text: String
        switch value.kind {
        case .string(let string): text = string
        case .number(let number): text = number
        default:
            mismatch(value, at: path, expected: ByteSize.expected)
            return nil
        }
        return bounded(value, text, at: path, range, why: why, expected: ByteSize.expected, baseUnit: "bytes") {
            text throws(UnitText.Failure) in
            try ByteSize(parsing: text)
        }
    }

    func timeSpan(_ value: JSONValue, at path: FieldPath, in range: ClosedRange<TimeSpan>, why: String = "") -> TimeSpan? {
        guard case .string(let text) = value.kind else {
            mismatch(value, at: path, expected: TimeSpan.expected)
            return nil
        }
        return bounded(value, text, at: path, range, why: why, expected: TimeSpan.expected, baseUnit: "nanoseconds") {
            text throws(UnitText.Failure) in
            try TimeSpan(parsing: text)
        }
    }

    func bitRate(_ value: JSONValue, at path: FieldPath, in range: ClosedRange<Int64>) -> BitRate? {
        guard case .string(let text) = value.kind else {
            mismatch(value, at: path, expected: BitRate.expected)
            return nil
        }
        let limits = "a bandwidth from \(BitRate(bitsPerSecond: range.lowerBound)) to \(BitRate(bitsPerSecond: range.upperBound))"
        let bits = bounded(value, text, at: path, range, why: "", expected: BitRate.expected, baseUnit: "bits per second",
                           rangeText: limits) {
            text throws(UnitText.Failure) in
            try BitRate(parsingAllowingZero: text)?.bitsPerSecond
        }
        return bits.map { BitRate(bitsPerSecond: $0) }
    }

    func arrivalRate(_ value: JSONValue, at path: FieldPath, max: Double) -> ArrivalRate? {
        guard case .string(let text) = value.kind else {
            mismatch(value, at: path, expected: ArrivalRate.expected)
            return nil
        }
        let limits = "a rate above 0/s and at most \(shortDecimal(max))/s"
        let rate = bounded(value, text, at: path, Double.leastNonzeroMagnitude...max, why: "", expected: ArrivalRate.expected,
                           rangeText: limits) { text throws(UnitText.Failure) in
            try ArrivalRate.parse(text)
        }
        return rate.map { ArrivalRate(perSecond: $0) }
    }

    func percentage(_ value: JSONValue, at path: FieldPath) -> Percentage? {
        guard case .string(let text) = value.kind else {
            mismatch(value, at: path, expected: Percentage.expected)
            return nil
        }
        let fraction = bounded(
            value, text, at: path, 0.0...1.0, why: "", expected: Percentage.expected, rangeText: "a percentage from 0% to 100%"
        ) { text throws(UnitText.Failure) in
            try Percentage.parse(text)
        }
        return fraction.map { Percentage(fraction: $0) }
    }

    /// Runs a unit parser on `value`'s `text` and checks the result against `range`, reporting any failure.
    private func bounded<Value: Comparable & CustomStringConvertible>(
        _ value: JSONValue, _ text: String, at path: FieldPath, _ range: ClosedRange<Value>, why: String, expected: String,
        baseUnit: String = "", rangeText: String? = nil, parse: (String) throws(UnitText.Failure) -> Value?
    ) -> Value? {
        let limits = rangeText ?? "a value from \(range.lowerBound) to \(range.upperBound)"
        // A number with an exponent is not accepted, but when no plain form of it would fit either,
        // the range is what to tell ("1e9/s": at most 100000/s), not the form.
        let malformed = Self.isOutside(range, writtenOut: text, parse) ? limits + why : expected
        let parsed: Value?
        do {
            parsed = try parse(text)
        } catch .negative {
            mismatch(value, at: path, expected: "a value that is not negative")
            return nil
        } catch .tooLarge {
            // Too large to represent at all: the accepted range says more than "smaller".
            mismatch(value, at: path, expected: limits + why)
            return nil
        } catch .notWhole {
            mismatch(value, at: path, expected: "a whole number of \(baseUnit)")
            return nil
        } catch {
            mismatch(value, at: path, expected: malformed)
            return nil
        }
        guard let parsed else {
            mismatch(value, at: path, expected: malformed)
            return nil
        }
        guard range.contains(parsed) else {
            mismatch(value, at: path, expected: limits + why)
            return nil
        }
        return parsed
    }

    /// Whether `text` with its exponent written out is a value outside `range`; false without an exponent.
    private static func isOutside<Value: Comparable>(
        _ range: ClosedRange<Value>, writtenOut text: String, _ parse: (String) throws(UnitText.Failure) -> Value?
    ) -> Bool {
        guard let plain = UnitText.writingOutExponent(text) else {
            return false
        }
        do {
            return try parse(plain).map { !range.contains($0) } ?? false
        } catch .tooLarge {
            return true
        } catch {
            return false
        }
    }
}
