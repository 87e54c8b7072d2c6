// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The `conditions` of a browser POST policy, checked against the form as S3 does.
///
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
/// Field names compare without regard to case. Every form field must be named by
/// at least one condition, except `file`, `policy`, `x-amz-signature` and names
/// starting with `x-ignore-`.
struct PostPolicyConditions {
    private enum Condition {
        /// `{"field": "value"}` or `["eq", "$field", "value"]`; the field as the policy spells it.
        case equals(field: String, value: String)
        case startsWith(field: String, prefix: String)
        case lengthRange(ClosedRange<Int64>)
    }

    private var conditions: [Condition] = []

    /// Reads the conditions of a decoded policy document.
    /// - Throws: `InvalidPolicyDocument` for conditions that are not of S3's forms.
    init(policyJSON: [UInt8]) throws(S3Error) {
        guard let document = try? JSONSerialization.jsonObject(with: Data(policyJSON)) as? [String: Any],
              let list = document["conditions"] as? [Any]
        else { throw .invalidPolicyDocument("Invalid Policy: Invalid 'conditions' value.") }
        for item in list {
            if let exact = item as? [String: Any] {
                guard exact.count == 1, let (name, value) = exact.first, let text = Self.text(value) else {
                    throw .invalidPolicyDocument("Invalid Policy: Invalid Simple-Condition: value must be a string.")
                }
                conditions.append(.equals(field: name, value: text))
            } else if let array = item as? [Any] {
                conditions.append(try Self.condition(array))
            } else {
                throw .invalidPolicyDocument("Invalid Policy: Invalid Condition.")
            }
        }
    }

    private static func condition(_ array: [Any]) throws(S3Error) -> Condition {
        guard array.count == 3, let operation = (array[0] as? String)?.lowercased() else {
            throw .invalidPolicyDocument("Invalid Policy: Invalid Condition: wrong number of arguments.")
        }
        if operation == "content-length-range" {
            guard let low = integer(array[1]), let high = integer(array[2]), low >= 0, low <= high else {
                throw .invalidPolicyDocument("Invalid Policy: Invalid content-length-range.")
            }
            return .lengthRange(low...high)
        }
        guard let reference = array[1] as? String, reference.hasPrefix("$"), let value = text(array[2]) else {
            throw .invalidPolicyDocument("Invalid Policy: Invalid Condition: \(operation).")
        }
        let field = String(reference.dropFirst())
        switch operation {
        case "eq": return .equals(field: field, value: value)
        case "starts-with": return .startsWith(field: field, prefix: value)
        default: throw .invalidPolicyDocument("Invalid Policy: Invalid Condition: unknown operation \(operation).")
        }
    }

    /// The allowed file sizes, if the policy limits them.
    var lengthRange: ClosedRange<Int64>? {
        for case .lengthRange(let range) in conditions { return range }
        return nil
    }

    /// Checks every condition and the coverage of every field.
    /// - Parameters:
    ///   - fields: The form fields before the file, as sent.
    ///   - bucket: The bucket addressed, which `{"bucket": ...}` compares with.
    /// - Throws: `AccessDenied` "Invalid according to Policy: ...".
    func check(fields: [(name: String, value: String)], bucket: String) throws(S3Error) {
        func value(_ field: String) -> String {
            S3Exchange.formValue(field, in: fields) ?? ""
        }
        for condition in conditions {
            switch condition {
            case .equals(let field, let expected):
                let actual = field.lowercased() == "bucket" ? bucket : value(field)
                guard actual == expected else { throw .policyConditionFailed(Self.render("eq", field, expected)) }
            case .startsWith(let field, let prefix):
                // A Content-Type may list several types; each must match (S3's rule for this field).
                let values = field.lowercased() == "content-type"
                    ? value(field).split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
                    : [value(field)]
                guard values.allSatisfy({ $0.hasPrefix(prefix) }) else {
                    throw .policyConditionFailed(Self.render("starts-with", field, prefix))
                }
            case .lengthRange: break
            }
        }
        var covered: Set<String> = []
        for condition in conditions {
            switch condition {
            case .equals(let field, _), .startsWith(let field, _): covered.insert(field.lowercased())
            case .lengthRange: break
            }
        }
        let extra = fields.map { $0.name }.filter { name in
            let lowered = name.lowercased()
            return !covered.contains(lowered) && !Self.exempt.contains(lowered) && !lowered.hasPrefix("x-ignore-")
        }
        if !extra.isEmpty { throw .policyExtraFields(extra) }
    }

    private static let exempt: Set<String> = ["file", "policy", "x-amz-signature"]

    /// A condition as S3 quotes it in its refusal.
    private static func render(_ operation: String, _ field: String, _ value: String) -> String {
        let quoted = [operation, "$" + field, value].map { "\"" + $0.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        return "[" + quoted.joined(separator: ", ") + "]"
    }

    private static func text(_ value: Any) -> String? {
        if let string = value as? String { return string }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }

    private static func integer(_ value: Any) -> Int64? {
        if let string = value as? String { return Int64(string) }
        guard let number = value as? NSNumber, number.doubleValue == number.doubleValue.rounded() else { return nil }
        return number.int64Value
    }
}
