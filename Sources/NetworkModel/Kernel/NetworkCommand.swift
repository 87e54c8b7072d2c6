// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Runs the iproute2 tools (`ip`, `tc`) that set up namespaces, veth pairs
/// and queueing disciplines.
enum NetworkCommand {
    /// Where the tools are looked for: root's usual directories first, since a
    /// test runner's PATH often lacks `/usr/sbin`.
    private static let directories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]

    /// The full path of `tool`, or nil when it is not installed.
    static func path(of tool: String) -> String? {
        let fromPath = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return (directories + fromPath)
            .map { "\($0)/\(tool)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `tool arguments...` and waits for it.
    /// - Returns: what it printed (standard output and error together).
    /// - Throws: `KernelShapingError` quoting the tool's output when it fails.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        guard let executable = path(of: tool) else {
            throw KernelShapingError.command([tool] + arguments, status: 127, output: "\(tool) is not installed")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The tools print a line or two at most; reading to the end before
        // waiting cannot block on a full pipe.
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw KernelShapingError.command(
                [tool] + arguments, status: process.terminationStatus,
                output: text.trimmingCharacters(in: .whitespacesAndNewlines)
            )
        }
        return text
    }
}
