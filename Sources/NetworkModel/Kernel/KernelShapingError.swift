// SPDX-License-Identifier: Apache-2.0

/// Why kernel link shaping could not be set up or used.
public struct KernelShapingError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case unavailable
        case command
        case namespace
    }

    private let code: Code
    /// A sentence saying what failed and why.
    public let message: String

    /// A short label, safe as a CSV field or metric label.
    public var label: String {
        switch code {
        case .unavailable: "KernelShapingUnavailable"
        case .command: "KernelShapingCommandFailed"
        case .namespace: "NetworkNamespaceFailed"
        }
    }

    public var description: String { message }

    /// The scenario asked for kernel shaping and the probe said no.
    /// - Parameter reason: the probe's reason, starting with "kernel shaping unavailable".
    public static func unavailable(_ reason: String) -> KernelShapingError {
        KernelShapingError(
            code: .unavailable,
            message: "\(reason), and the scenario asks for \"network\": {\"shaping\": \"kernel\"} "
                + "(\"auto\" falls back to the in-process emulator)"
        )
    }

    static func command(_ arguments: [String], status: Int32, output: String) -> KernelShapingError {
        let said = output.isEmpty ? "" : ": \(output)"
        return KernelShapingError(
            code: .command,
            message: "`\(arguments.joined(separator: " "))` exited with status \(status)\(said)"
        )
    }

    static func namespace(_ name: String, _ reason: String) -> KernelShapingError {
        KernelShapingError(code: .namespace, message: "network namespace \(name): \(reason)")
    }
}
