// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// What a finished process left behind.
public struct ProcessResult: Sendable {
    /// The exit status, or 128 + the signal number when a signal ended it.
    public var status: Int32
    /// Everything written to standard output.
    public var standardOutput: Data
    /// Everything written to standard error.
    public var standardError: Data
    /// Whether the runner killed the process because it outlived its timeout.
    public var timedOut: Bool

    /// Standard output as UTF-8 text.
    public var output: String { String(decoding: standardOutput, as: UTF8.self) }
    /// Standard error as UTF-8 text.
    public var errorOutput: String { String(decoding: standardError, as: UTF8.self) }
}

/// Runs commands to completion for tests: captured output, an optional input, a timeout.
public enum ProcessRunner {
    /// Why a command could not be run at all.
    public struct LaunchError: Error, CustomStringConvertible {
        /// A sentence naming the command.
        public var description: String
    }

    /// Runs `executable` (a path, or a name looked up in `PATH`) and waits for it.
    /// - Parameters:
    ///   - executable: The program.
    ///   - arguments: Its arguments.
    ///   - environment: Its whole environment; nil inherits this process's.
    ///   - input: Bytes for its standard input (closed afterwards); nil gives it an empty input.
    ///   - timeout: How long it may run before it is killed (SIGKILL).
    /// - Returns: Its status and output.
    /// - Throws: `LaunchError` when the program is not found or cannot start.
    public static func run(
        _ executable: String,
        _ arguments: [String] = [],
        environment: [String: String]? = nil,
        input: Data? = nil,
        timeout: TimeInterval = 60
    ) throws -> ProcessResult {
        guard let path = executable.contains("/") ? executable : which(executable) else {
            throw LaunchError(description: "\(executable) is not installed (not found in PATH).")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw LaunchError(description: "\(path) could not be started: \(error).")
        }

        // Drain both pipes while the process runs, or a chatty child blocks on a full pipe.
        let collected = OutputCollector()
        let readers = DispatchGroup()
        for (pipe, isError) in [(stdout, false), (stderr, true)] {
            DispatchQueue.global().async(group: readers) {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.store(data, isError: isError)
            }
        }
        DispatchQueue.global().async {
            if let input { stdin.fileHandleForWriting.write(input) }
            try? stdin.fileHandleForWriting.close()
        }

        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        readers.wait()
        let status = process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessResult(
            status: status, standardOutput: collected.output, standardError: collected.error, timedOut: timedOut)
    }

    /// The full path of `name` in `PATH` (plus the usual pip and pyenv locations), or nil.
    public static func which(_ name: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        var directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        if let home = environment["HOME"] {
            directories += ["\(home)/.local/bin", "\(home)/.pyenv/shims"]
        }
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// The two output streams, filled from two reader threads.
private final class OutputCollector: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var outputData = Data()
    private var errorData = Data()

    func store(_ data: Data, isError: Bool) {
        lock.withLock {
            if isError { errorData = data } else { outputData = data }
        }
    }

    var output: Data { lock.withLock { outputData } }
    var error: Data { lock.withLock { errorData } }
}
