// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc

/// `upload-bench serve s3` or `serve app` as a child process, so its CPU and
/// memory are read from /proc exactly as nginx's are.
final class ServerProcess {
    let process: ChildProcess
    let port: Int

    /// Starts the command and waits for its `listening on http://HOST:PORT` line.
    /// - Throws: `BenchError` when it exits or does not listen within 20 seconds.
    init(_ arguments: [String], logPath: String, environment: [String: String]) throws {
        try? FileManager.default.removeItem(atPath: logPath)
        process = try ChildProcess(arguments, logPath: logPath, environment: environment)
        let deadline = Clock.now + 20
        var found: Int?
        while found == nil, Clock.now < deadline, process.isRunning {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let line = log.split(separator: "\n").first(where: { $0.hasPrefix("listening on http://") }),
               let port = line.split(separator: ":").last.flatMap({ Int($0) }) {
                found = port
            } else {
                usleep(20_000)
            }
        }
        guard let found else {
            process.stop()
            throw BenchError("\(arguments.prefix(3).joined(separator: " ")) did not start: \(process.logTail())")
        }
        port = found
    }

    var pid: pid_t { process.pid }
    var cpuSeconds: Double { ProcessProbe.cpuSeconds(process.pid) ?? 0 }

    func stop() { process.stop() }
}
