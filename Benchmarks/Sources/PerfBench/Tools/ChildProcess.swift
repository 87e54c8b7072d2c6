// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
internal import CPerfShim

/// A process started with `posix_spawn`, its output going to a log file.
///
/// Owned by the benchmark's main thread; `stop()` (or `deinit`) kills it so no
/// child outlives a failed step.
final class ChildProcess {
    let pid: pid_t
    let command: String
    /// Where stdout and stderr go.
    let logPath: String
    private(set) var exited = false

    /// CPU and exit status of a child that has been reaped.
    struct Exit {
        var status: Int32
        var userSeconds: Double
        var systemSeconds: Double
        var cpuSeconds: Double { userSeconds + systemSeconds }
    }

    /// Starts `arguments[0]` (an absolute path or a name looked up in PATH).
    /// - Throws: `BenchError` when the program cannot be started.
    init(_ arguments: [String], logPath: String, environment: [String: String] = [:]) throws {
        command = arguments.joined(separator: " ")
        self.logPath = logPath
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawnp(&child, arguments[0], &actions, nil, argv, envp)
        guard result == 0 else {
            throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    deinit { stop() }

    /// Whether the process is still running (it is reaped here if it ended).
    var isRunning: Bool {
        guard !exited else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exited = true }
        return !exited
    }

    /// Sends `signal` and reaps the process, escalating to SIGKILL after `grace`.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, grace: Double = 5) -> Exit? {
        guard !exited else { return nil }
        kill(pid, signal)
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            if let exit = reap(blocking: false) { return exit }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        return reap(blocking: true)
    }

    /// Waits for the process to end by itself.
    func wait() -> Exit? { reap(blocking: true) }

    private func reap(blocking: Bool) -> Exit? {
        guard !exited else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        let result = pb_wait4(pid, &status, blocking ? 0 : WNOHANG, &usage)
        guard result == pid else { return nil }
        exited = true
        return Exit(
            status: status,
            userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        )
    }

    /// The last lines of the log, for error messages.
    func logTail(lines: Int = 15) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}

/// A benchmark step that could not be done, with a sentence saying why.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
