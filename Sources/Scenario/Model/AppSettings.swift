// SPDX-License-Identifier: Apache-2.0

/// Settings of the app server under test.
public struct AppSettings: Sendable, Hashable, Codable {
    /// Largest body the proxy accepts; larger ones are refused from the headers.
    public let maxBodySize: ByteSize
    /// How long presigned URLs stay valid (S3 allows at most 7 days).
    public let presignExpiry: TimeSpan
    /// Every key the app server writes or presigns starts with this.
    public let keyPrefix: String
    /// Event-loop threads of the app server.
    public let threads: Int
    /// For experiments only: CPU time the app server burns per proxied upload,
    /// to inject a known regression (`Benchmarks/scripts/gate-experiments.sh`) without
    /// changing code. `nil` (the default) burns nothing.
    public let extraCPUPerUpload: TimeSpan?

    public init(maxBodySize: ByteSize = .gibibytes(5), presignExpiry: TimeSpan = .minutes(15),
                keyPrefix: String = "uploads/", threads: Int = 2, extraCPUPerUpload: TimeSpan? = nil) {
        self.maxBodySize = maxBodySize
        self.presignExpiry = presignExpiry
        self.keyPrefix = keyPrefix
        self.threads = threads
        self.extraCPUPerUpload = extraCPUPerUpload
    }

    /// The defaults: 5 GiB, 15 minutes, `uploads/`, 2 threads, no extra CPU.
    public static let standard = AppSettings()

    enum CodingKeys: String, CodingKey {
        case maxBodySize = "max_body_size"
        case presignExpiry = "presign_expiry"
        case keyPrefix = "key_prefix"
        case threads
        case extraCPUPerUpload = "extra_cpu_per_upload"
    }
}

/// Whether the mock S3 and the app server share the runner's process.
public enum ProcessMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// One process, each component on its own named threads.
    case inProcess = "in-process"
    /// The mock S3 and the app server run as `upload-bench serve` child processes.
    case childProcesses = "child-processes"
}

/// Time limits that keep every run bounded.
public struct Timeouts: Sendable, Hashable, Codable {
    /// Establishing one connection.
    public let connect: TimeSpan
    /// One upload attempt, from start to the final response.
    public let upload: TimeSpan
    /// One measured run (one architecture, cell and repeat), warm-up included; hitting it
    /// stops the run and the report says so.
    public let run: TimeSpan

    public init(connect: TimeSpan = .seconds(5), upload: TimeSpan = .minutes(5), run: TimeSpan = .minutes(15)) {
        self.connect = connect
        self.upload = upload
        self.run = run
    }

    /// The defaults: connect 5 s, upload 5 min, run 15 min.
    public static let standard = Timeouts()
}
