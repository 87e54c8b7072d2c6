// SPDX-License-Identifier: Apache-2.0

import Foundation

/// One `upload-bench` command, or a group of subcommands (`serve s3`, `serve app`).
///
/// Commands are values registered in `Command+Table.swift`; each owner writes its
/// command in its own file as `extension Command { static let name = Command(…) }`.
struct Command: Sendable {
    /// What a command runs with: its arguments after the command name, and the environment.
    typealias Run = @Sendable (_ arguments: inout Arguments, _ environment: [String: String]) throws -> Int32

    /// The word that selects the command (`presign`).
    let name: String
    /// One line for the command list.
    let summary: String
    /// The full help: usage line, options, an example.
    let help: String
    private let run: Run?
    private let subcommands: [Command]

    /// A command that runs.
    init(name: String, summary: String, help: String, run: @escaping Run) {
        self.name = name
        self.summary = summary
        self.help = help
        self.run = run
        self.subcommands = []
    }

    /// A group whose first argument selects one of `subcommands`.
    init(group name: String, summary: String, subcommands: [Command]) {
        self.name = name
        self.summary = summary
        self.help = summary
        self.run = nil
        self.subcommands = subcommands
    }

    /// Runs the command selected by `arguments` and returns the process exit status.
    ///
    /// Errors become one line on standard error: `CommandLineError` sentences as they
    /// are, anything else with its description.
    func dispatch(_ arguments: [String], environment: [String: String], path: [String] = []) -> Int32 {
        let path = path + [name]
        guard let run else {
            return dispatchGroup(arguments, environment: environment, path: path)
        }
        var remaining = Arguments(arguments)
        if remaining.helpRequested {
            Console.out(help)
            return 0
        }
        do {
            return try run(&remaining, environment)
        } catch let error as CommandLineError {
            Console.error(error.message)
            return error.exitStatus
        } catch {
            Console.error("\(path.joined(separator: " ")) failed: \(error).")
            return CommandLineError.failureStatus
        }
    }

    private func dispatchGroup(_ arguments: [String], environment: [String: String], path: [String]) -> Int32 {
        let invocation = path.joined(separator: " ")
        guard let first = arguments.first else {
            Console.error("Missing command. Run `\(invocation) --help` to see the commands.")
            return CommandLineError.usageStatus
        }
        switch first {
        case "--help", "-h", "help":
            Console.out(groupHelp(path: path))
            return 0
        case "--version" where path.count == 1:
            Console.out("upload-bench \(Self.version)")
            return 0
        default:
            guard let command = subcommands.first(where: { $0.name == first }) else {
                let kind = first.hasPrefix("-") ? "option" : "command"
                Console.error("Unknown \(kind) '\(first)'. Run `\(invocation) --help` to see the commands.")
                return CommandLineError.usageStatus
            }
            return command.dispatch(Array(arguments.dropFirst()), environment: environment, path: path)
        }
    }

    private func groupHelp(path: [String]) -> String {
        let invocation = path.joined(separator: " ")
        let width = subcommands.map(\.name.count).max() ?? 0
        let lines = subcommands.map { command in
            "  " + command.name.padding(toLength: width + 3, withPad: " ", startingAt: 0) + command.summary
        }
        var text = "\(summary)\n\nUsage: \(invocation) <command> [options]\n\nCommands:\n"
        text += lines.joined(separator: "\n")
        text += "\n\nOptions:\n  --help     Show this help.\n"
        if path.count == 1 { text += "  --version  Show the version.\n" }
        text += "\nRun `\(invocation) <command> --help` for a command's options."
        return text
    }
}

/// A refusal or failure with one sentence for the user.
struct CommandLineError: Error {
    /// Exit status for bad input (EX_USAGE from sysexits.h).
    static let usageStatus: Int32 = 64
    /// Exit status for a failure while running.
    static let failureStatus: Int32 = 1

    /// The sentence printed on standard error.
    let message: String
    /// The process exit status.
    let exitStatus: Int32

    /// Bad input: the message says what to pass instead.
    static func usage(_ message: String) -> CommandLineError {
        CommandLineError(message: message, exitStatus: usageStatus)
    }

    /// A failure while running.
    static func failure(_ message: String) -> CommandLineError {
        CommandLineError(message: message, exitStatus: failureStatus)
    }
}

/// Standard output and error, one line per call.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("upload-bench: " + text + "\n").utf8))
    }
}
