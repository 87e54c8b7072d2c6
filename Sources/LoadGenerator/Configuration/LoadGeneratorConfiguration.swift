// SPDX-License-Identifier: Apache-2.0

/// Everything a load generator run needs besides the plan.
///
/// A plain value: the runner maps scenario cells onto it.
public struct LoadGeneratorConfiguration: Sendable {
    /// The app server, e.g. `http://127.0.0.1:8080` (needed by every architecture but `directPut`).
    public var appBaseURL: String
    /// The base URL `directPut` uploads go to, e.g. `http://127.0.0.1:9000/bucket`.
    public var directBaseURL: String
    public var shape: LoadShape
    /// Driver threads, named `<threadNamePrefix>-N`.
    public var threads: Int
    public var threadNamePrefix: String
    /// The component the driver threads are registered under in `ComponentCPU`.
    public var cpuComponent: String
    /// Seed of the generated bodies (with each upload's index).
    public var seed: UInt64
    /// No upload starts after this much time; nil for no limit.
    public var maxDuration: Duration?
    /// After `maxDuration` (or, without it, from the start) transfers still running
    /// after this much more time are aborted and their uploads recorded as failed.
    public var hardTimeLimit: Duration
    /// Per-request limit (libcurl `CURLOPT_TIMEOUT_MS`); nil for none.
    public var requestTimeout: Duration?
    public var connectTimeout: Duration
    public var contentType: String
    public var hashing: BodyHashing
    /// Bodies of at least this many bytes are sent with `Expect: 100-continue`
    /// (the server may refuse before the body goes out); smaller ones, and all
    /// when nil, go without it, straight after the head. libcurl 7.88 on its own
    /// would send it with every non-empty PUT, costing a round trip per request.
    public var expectContinueMinimumBytes: Int?
    public var retry: RetryPolicy
    public var clientToApp: LinkOptions
    public var clientToS3: LinkOptions
    /// An open-loop upload that starts more than this after its intended time counts as late.
    public var lateStartThreshold: Duration
    /// Response bodies are kept up to this size (JSON and XML answers); the rest is counted only.
    public var maxResponseBodyBytes: Int
    /// libcurl's upload buffer per transfer (`CURLOPT_UPLOAD_BUFFERSIZE`); nil keeps its 64 KiB default.
    public var uploadBufferSize: Int?

    public init(
        appBaseURL: String = "",
        directBaseURL: String = "",
        shape: LoadShape = .closed(concurrency: 1),
        threads: Int = 1,
        threadNamePrefix: String = "loadgen",
        cpuComponent: String = "loadgen",
        seed: UInt64 = 1,
        maxDuration: Duration? = nil,
        hardTimeLimit: Duration = .seconds(600),
        requestTimeout: Duration? = nil,
        connectTimeout: Duration = .seconds(10),
        contentType: String = "application/octet-stream",
        hashing: BodyHashing = .streaming,
        expectContinueMinimumBytes: Int? = 1 << 20,
        retry: RetryPolicy = RetryPolicy(),
        clientToApp: LinkOptions = .unlimited,
        clientToS3: LinkOptions = .unlimited,
        lateStartThreshold: Duration = .milliseconds(1),
        maxResponseBodyBytes: Int = 1 << 20,
        uploadBufferSize: Int? = nil
    ) {
        self.appBaseURL = appBaseURL
        self.directBaseURL = directBaseURL
        self.shape = shape
        self.threads = max(1, threads)
        self.threadNamePrefix = threadNamePrefix
        self.cpuComponent = cpuComponent
        self.seed = seed
        self.maxDuration = maxDuration
        self.hardTimeLimit = hardTimeLimit
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.contentType = contentType
        self.hashing = hashing
        self.expectContinueMinimumBytes = expectContinueMinimumBytes
        self.retry = retry
        self.clientToApp = clientToApp
        self.clientToS3 = clientToS3
        self.lateStartThreshold = lateStartThreshold
        self.maxResponseBodyBytes = maxResponseBodyBytes
        self.uploadBufferSize = uploadBufferSize
    }
}

/// Whether and how clients compute their bodies' MD5 (which integrity checks need).
///
/// MD5 runs at about 650 MB/s per core, slower than loopback moves bytes, so
/// hashing every body can make the load generator the bottleneck.
public enum BodyHashing: Sendable {
    /// MD5 on the way, in the read callback; costs load generator CPU.
    case streaming
    /// MD5 looked up in the cache; ranges not yet there are hashed on the way and added.
    case cached(BodyDigestCache)
    /// No MD5: uploads are not checked and their records say so.
    case off
}
