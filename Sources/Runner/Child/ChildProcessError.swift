// SPDX-License-Identifier: Apache-2.0

/// A child server that could not be started.
public struct ChildProcessError: Error, CustomStringConvertible {
    private enum Code {
        case launch
        case start
        case unsupported
        case stats
    }

    private let code: Code
    /// A sentence naming the child and what went wrong.
    public let message: String

    /// A short label, safe as a CSV field or metric label.
    public var label: String {
        switch code {
        case .launch: "ChildLaunchFailed"
        case .start: "ChildStartFailed"
        case .unsupported: "ChildModeUnsupported"
        case .stats: "ChildStatsFailed"
        }
    }

    public var description: String { message }

    static func launch(name: String, executable: String, reason: String) -> ChildProcessError {
        ChildProcessError(code: .launch, message: "The \(name) child process could not be launched from \(executable): \(reason).")
    }

    static func start(name: String, reason: String, standardError: String) -> ChildProcessError {
        let output = standardError.isEmpty ? "" : " Its standard error: \(standardError)"
        return ChildProcessError(code: .start, message: "The \(name) child process did not start: \(reason).\(output)")
    }

    static func unsupported(_ what: String) -> ChildProcessError {
        ChildProcessError(code: .unsupported, message: "\"process\": \"child-processes\" does not support \(what) yet; use \"in-process\".")
    }

    static func stats(name: String, reason: String) -> ChildProcessError {
        ChildProcessError(code: .stats, message: "The \(name) child process's statistics could not be read: \(reason).")
    }
}
