// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Runs `FakeServerScript` (or any Python script that prints `PORT n`) as a
/// child process on 127.0.0.1 and reads its event log.
final class FakeServer: @unchecked Sendable {
    // Safe to share: every stored property is set in init and only read afterwards;
    // `Process` is only told to terminate, which it allows from any thread.
    let port: Int
    let directory: URL
    private let process: Process
    private let logURL: URL

    init(script: String = FakeServerScript.source) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("loadgen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let scriptURL = directory.appendingPathComponent("server.py")
        logURL = directory.appendingPathComponent("events.jsonl")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path, logURL.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first, line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            kill(process.processIdentifier, SIGKILL)
            throw FakeServerError(message: "fake server did not start: \(text)")
        }
        self.port = port
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func stop() {
        if process.isRunning {
            // SIGKILL: the child inherits a signal mask in which SIGTERM may be blocked.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The log's events, in order.
    func events() -> [[String: Any]] {
        guard let text = try? String(contentsOf: logURL, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Stored objects by key: (size, MD5 hex of the bytes received).
    func stored() -> [String: (size: Int, md5: String)] {
        var objects: [String: (size: Int, md5: String)] = [:]
        for event in events() where event["event"] as? String == "store" {
            objects[event["key"] as! String] = (event["size"] as! Int, event["md5"] as! String)
        }
        return objects
    }

    /// The highest number of requests the server handled at once.
    func peakConcurrency() -> Int {
        events().compactMap { $0["event"] as? String == "peak" ? $0["value"] as? Int : nil }.max() ?? 0
    }

    deinit {
        stop()
    }
}

struct FakeServerError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
