// SPDX-License-Identifier: Apache-2.0

/// Why a scenario file was refused: every problem found, each naming the field.
///
/// `description` prints one line per problem in the form
/// `quick.json:12: architectures[1].mode: found "stram"; expected one of stream, buffer, spool, multipart`.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case unreadable
        case syntax
        case invalid
        case missingEnvironment = "missing-environment"
    }

    /// One problem at one place in the file.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The field path, like `architectures[1].mode`; empty for the document itself.
        public let path: String
        /// The 1-based line in the file, when known.
        public let line: Int?
        /// The 1-based column, for syntax errors.
        public var column: Int? = nil
        /// What was found and what is accepted.
        public let message: String

        public var description: String {
            path.isEmpty ? message : "\(path): \(message)"
        }
    }

    private let code: Code
    /// The file name as given to `load(path:)` or `parse(data:fileName:)`.
    public let file: String
    /// All problems, in file order where possible.
    public let problems: [Problem]

    /// A short label without payload, safe for CSV columns and metrics.
    public var label: String {
        "scenario.\(code.rawValue)"
    }

    public var description: String {
        problems.map { problem in
            let place = [file, problem.line.map(String.init), problem.column.map(String.init)]
                .compactMap { $0 }.joined(separator: ":")
            return "\(place): \(problem)"
        }.joined(separator: "\n")
    }

    static func unreadable(file: String, reason: String) -> ScenarioError {
        ScenarioError(code: .unreadable, file: file, problems: [Problem(path: "", line: nil, message: reason)])
    }

    static func syntax(file: String, _ error: JSONParser.SyntaxError) -> ScenarioError {
        let problem = Problem(path: "", line: error.line, column: error.column, message: error.message)
        return ScenarioError(code: .syntax, file: file, problems: [problem])
    }

    static func missingEnvironment(file: String, problems: [Problem]) -> ScenarioError {
        ScenarioError(code: .missingEnvironment, file: file, problems: problems)
    }

    static func invalid(file: String, problems: [Problem]) -> ScenarioError {
        ScenarioError(code: .invalid, file: file, problems: problems)
    }
}
