// SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

/// One `upload-bench serve ...` child process: started with its secrets in
/// the environment, ready once it prints `listening on http://HOST:PORT`,
/// and stopped with SIGTERM, then SIGKILL after a grace period.
///
/// The child runs with `--exit-on-stdin-close` and its standard input is a
/// pipe only this process writes to, so it also exits when the runner dies.
final class ServeProcess: Sendable {
    /// A label for errors and notes (`mock-s3`, `app`).
    let name: String
    let pid: Int32
    /// `http://HOST:PORT` from the child's first line.
    let url: String
    // Process is thread-safe for terminate/isRunning; the handles are only closed in `stop`, under `stopped`.
    nonisolated(unsafe) private let process: Process
    nonisolated(unsafe) private let input: FileHandle
    private let exited: DispatchSemaphore
    private let stopped = Mutex(false)

    /// How long a child may take to print its first line.
    static let startTimeout: DispatchTimeInterval = .seconds(15)

    /// Starts `executable arguments` and waits for its `listening on` line.
    /// - Throws: `ChildProcessError` when it cannot start, exits or prints something else first.
    init(name: String, executable: String, arguments: [String], environment: [String: String]) throws {
        self.name = name
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--exit-on-stdin-close"]
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        let firstLine = LineReader(stdout.fileHandleForReading, keepsTail: false)
        let errors = LineReader(stderr.fileHandleForReading, keepsTail: true)
        do {
            try process.run()
        } catch {
            throw ChildProcessError.launch(name: name, executable: executable, reason: "\(error)")
        }
        try? stdin.fileHandleForReading.close()
        self.process = process
        self.input = stdin.fileHandleForWriting
        self.exited = exited
        self.pid = process.processIdentifier

        let line = firstLine.waitForFirstLine(timeout: Self.startTimeout)
        let prefix = "listening on "
        guard let line, line.hasPrefix(prefix) else {
            let running = process.isRunning
            try? stdin.fileHandleForWriting.close()
            Self.end(process, exited: exited, gracePeriod: .milliseconds(200))
            let detail = errors.tail(waitingUpTo: .seconds(2)).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ChildProcessError.start(
                name: name,
                reason: running
                    ? "it printed \(line.map { "'\($0)'" } ?? "nothing") instead of 'listening on http://HOST:PORT'"
                    : "it exited with status \(process.terminationStatus)",
                standardError: detail
            )
        }
        url = String(line.dropFirst(prefix.count))
    }

    /// Host and port of `url`.
    var hostPort: (host: String, port: Int) {
        let components = URLComponents(string: url)
        return (components?.host ?? "127.0.0.1", components?.port ?? 80)
    }

    /// SIGTERM, then SIGKILL once `gracePeriod` has passed; waits until the child is gone.
    func stop(gracePeriod: DispatchTimeInterval = .seconds(2)) {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        try? input.close()
        Self.end(process, exited: exited, gracePeriod: gracePeriod)
    }

    private static func end(_ process: Process, exited: DispatchSemaphore, gracePeriod: DispatchTimeInterval) {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        kill(pid, SIGTERM)
        if exited.wait(timeout: .now() + gracePeriod) == .timedOut {
            kill(pid, SIGKILL)
            exited.wait()
        }
    }

    deinit {
        stop(gracePeriod: .milliseconds(100))
    }
}

/// Drains one of a child's output pipes on its own thread, so the child never
/// blocks on a full pipe; keeps the first line, and the last bytes when asked.
private final class LineReader: Sendable {
    private struct State {
        var first: String?
        var tail: [UInt8] = []
        var ended = false
    }
    private let state = Mutex(State())
    private let gotFirstLine = DispatchSemaphore(value: 0)
    private let reachedEnd = DispatchSemaphore(value: 0)
    private static let tailLimit = 4096

    init(_ handle: FileHandle, keepsTail: Bool) {
        let fd = handle.fileDescriptor
        let thread = Thread { [self] in
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            var signalled = false
            while true {
                let count = read(fd, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                let chunk = buffer[0..<count]
                if !signalled {
                    pending += chunk
                    if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = String(decoding: pending[..<newline], as: UTF8.self)
                        state.withLock { $0.first = line }
                        signalled = true
                        gotFirstLine.signal()
                    }
                }
                if keepsTail {
                    state.withLock { state in
                        state.tail += chunk
                        if state.tail.count > Self.tailLimit { state.tail.removeFirst(state.tail.count - Self.tailLimit) }
                    }
                }
            }
            try? handle.close()
            state.withLock { $0.ended = true }
            if !signalled { gotFirstLine.signal() }
            reachedEnd.signal()
        }
        thread.name = "child-output"
        thread.start()
    }

    /// The first line, or nil when the stream ended or `timeout` passed first.
    func waitForFirstLine(timeout: DispatchTimeInterval) -> String? {
        _ = gotFirstLine.wait(timeout: .now() + timeout)
        return state.withLock { $0.first }
    }

    /// The last bytes read, as text, once the stream ended (or `timeout` passed):
    /// a child that just exited may still have output in the pipe.
    func tail(waitingUpTo timeout: DispatchTimeInterval) -> String {
        _ = reachedEnd.wait(timeout: .now() + timeout)
        return state.withLock { String(decoding: $0.tail, as: UTF8.self) }
    }
}
