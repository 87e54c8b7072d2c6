// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import SigV4

/// What every suite shares: the programs, the scratch directory, credentials,
/// durations, and the tables and notes the run produces.
final class Bench {
    struct Settings {
        /// Warm-up seconds of each timed load, and measured seconds of each
        /// contender at each load point, split over `rounds` interleaved rounds.
        var warmup = 1.0
        var measure = 6.0
        var rounds = 3
        /// Size and count of the big uploads (suite 4).
        var bigUploadSize = 1 << 30
        var bigUploads = 16
        var heldLevels = [1, 100, 1000, 10_000]
        /// Seconds the held connections are watched for CPU.
        var holdSeconds = 3.0
        /// Threads of each server and of each client (this machine's cores, at most 4).
        var threads = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    let tools: Toolchain
    let settings: Settings
    let work: String
    let credentials = Credentials(accessKeyID: "PERFBENCHEXAMPLE", secretAccessKey: "perf-bench-secret-access-key")
    let bucket = "bench"
    let region = "us-east-1"
    var tables: [Table] = []
    /// Sentences for the summary: what was skipped or could not be done, and why.
    var notes: [String] = []
    /// The headline figures with their anchors, ratios and goals.
    var summary: [SummaryRow] = []

    init(tools: Toolchain, settings: Settings) throws {
        self.tools = tools
        self.settings = settings
        work = NSTemporaryDirectory() + "perf-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    }

    private var credentialEnvironment: [String: String] {
        ["AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey]
    }

    /// The mock S3: discard storage, signatures verified, no MD5.
    func startMockS3(_ label: String = "s3") throws -> ServerProcess {
        try ServerProcess(
            [tools.uploadBench, "serve", "s3", "--port", "0", "--storage", "discard", "--no-md5",
             "--threads", String(settings.threads), "--bucket", bucket, "--region", region],
            logPath: "\(work)/\(label).log", environment: credentialEnvironment
        )
    }

    /// The app server in stream mode in front of the mock S3 on `s3Port`.
    func startApp(s3Port: Int, _ label: String = "app") throws -> ServerProcess {
        try ServerProcess(
            [tools.uploadBench, "serve", "app", "--port", "0", "--s3-endpoint", "http://127.0.0.1:\(s3Port)",
             "--bucket", bucket, "--mode", "stream", "--threads", String(settings.threads), "--region", region],
            logPath: "\(work)/\(label).log", environment: credentialEnvironment
        )
    }

    /// nginx as a sink or relay, or nil (with a note) when it is not installed.
    func startNginx(_ role: Nginx.Role, _ label: String) throws -> Nginx? {
        guard let binary = tools.nginx else { return nil }
        return try Nginx(binary: binary, role: role, workers: settings.threads, directory: "\(work)/\(label)")
    }

    /// A signed (header auth, `UNSIGNED-PAYLOAD`) PUT head for `/bucket/key` sent to `port`.
    func signedHead(port: Int, key: String, size: Int) -> [UInt8] {
        let path = "/\(bucket)/\(key)"
        let signer = Signer(credentials: credentials, region: region)
        let signed = signer.signHeaders(
            method: "PUT", path: path,
            headers: [("Host", "127.0.0.1:\(port)"), ("Content-Length", String(size))],
            payload: .unsigned, date: Date()
        )
        return Self.head("PUT \(path)", signed.headers)
    }

    /// A PUT head for the app server's proxy route.
    func proxyHead(port: Int, key: String, size: Int) -> [UInt8] {
        Self.head("PUT /upload/\(key)", [("Host", "127.0.0.1:\(port)"), ("Content-Length", String(size))])
    }

    private static func head(_ requestLine: String, _ headers: [(name: String, value: String)]) -> [UInt8] {
        Array((requestLine + " HTTP/1.1\r\n" + headers.map { "\($0.name): \($0.value)\r\n" }.joined() + "\r\n").utf8)
    }

    /// One round's timed load of `connections` x `size`-byte PUTs.
    func timedLoad(port: Int, connections: Int, size: Int, head: @escaping @Sendable (Int) -> [UInt8]) -> PutLoad {
        PutLoad(
            port: port, connections: connections, threads: settings.threads, bodySize: size,
            stop: .timed(warmup: settings.warmup, measure: settings.measure / Double(settings.rounds)), head: head
        )
    }

    /// Runs `load` and returns its result with how much each of `meters` (CPU seconds)
    /// grew during the measured window.
    func measure(_ load: PutLoad, meters: @escaping @Sendable () -> [Double]) -> (result: PutResult, growth: [Double]) {
        let samples = Samples()
        let result = PutClient.run(load) { end in samples.set(end ? 1 : 0, meters()) }
        return (result, samples.growth)
    }

    func note(_ sentence: String) {
        notes.append(sentence)
        print("note: " + sentence)
    }

    /// Adds a headline row; `goal` is checked against the ratio, or against the value without an anchor.
    func summarize(
        _ metric: String, _ harness: Double?, _ anchor: Double? = nil, goal: SummaryRow.Goal? = nil,
        pairedRatio: Double? = nil
    ) {
        summary.append(SummaryRow(metric: metric, harness: harness, anchor: anchor, goal: goal, pairedRatio: pairedRatio))
    }
}

/// Two samples of several meters, taken on another thread.
final class Samples: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var values: [[Double]] = [[], []]

    func set(_ index: Int, _ sample: [Double]) {
        lock.lock()
        values[index] = sample
        lock.unlock()
    }

    var growth: [Double] {
        lock.lock()
        defer { lock.unlock() }
        return zip(values[1], values[0]).map { $0 - $1 }
    }
}
