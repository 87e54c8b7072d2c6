// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import Metrics
public import SigV4

extension MockS3Server {
    /// Where object bytes are kept.
    public enum Storage: Sendable, Equatable, CustomStringConvertible {
        /// Only sizes and digests are kept; GET of an object's bytes is refused.
        case discard
        /// Bytes in memory.
        case memory
        /// Bytes in files under this directory (`staging/`, `objects/`); the
        /// index lives in memory, so a restarted server starts empty.
        case directory(String)

        /// `discard`, `memory` or the directory, as the CLI spells it.
        public var description: String {
            switch self {
            case .discard: "discard"
            case .memory: "memory"
            case .directory(let path): path
            }
        }
    }

    /// S3's size limits; tests and benchmarks may lower them.
    public struct Limits: Sendable, Equatable {
        /// Largest single PUT or part (5 GiB).
        public var maximumObjectSize: Int64 = 5 * 1024 * 1024 * 1024
        /// Smallest part except the last, checked at CompleteMultipartUpload (5 MiB).
        public var minimumPartSize: Int64 = 5 * 1024 * 1024
        /// Largest part number (10,000).
        public var maximumPartNumber = 10_000
        /// Largest XML request body (CompleteMultipartUpload of 10,000 parts fits).
        public var maximumXMLBody = 4 * 1024 * 1024
        /// Largest sum of POST form fields before the file (S3: 20 KB).
        public var maximumPostPreData = 20 * 1024

        public init() {}
    }

    /// Everything a mock S3 server is started with.
    public struct Configuration: Sendable {
        /// Address to listen on.
        public var host = "127.0.0.1"
        /// Port to listen on; 0 picks a free one (see `start()`).
        public var port = 0
        /// Event loop threads, named `"\(threadNamePrefix)-N"`.
        public var threads = 1
        public var threadNamePrefix = "s3"
        /// Where the server's threads are registered for CPU accounting, under `cpuComponent`.
        public var cpu: ComponentCPU?
        public var cpuComponent = "mock-s3"
        /// The region requests must be signed for; other regions are refused naming this one.
        public var region = "us-east-1"
        /// The accepted access keys (with a session token for temporary ones).
        public var credentials: [Credentials] = []
        /// Whether requests must be signed. Off, every request is served as anonymous
        /// (a declared `x-amz-content-sha256` is still checked against the body).
        public var requireSignatures = true
        public var storage = Storage.memory
        /// Whether every upload is hashed with MD5 for its ETag. Off, the ETag is a
        /// cheap stand-in (objects report `etagIsMD5 == false`); a `Content-MD5`
        /// header is still verified.
        public var md5 = true
        /// Domains whose `BUCKET.DOMAIN` hosts address buckets virtual-hosted style.
        public var domains = ["localhost", "s3.localhost", "s3.amazonaws.com"]
        /// The CORS rule applied to every bucket; nil means CORS is not enabled.
        public var cors: CORSRule?
        /// Injected faults and delays; change them at runtime with `MockS3Server.setFaults`.
        public var faults = Faults()
        /// Whether `x-amz-checksum-*` parameters in a presigned URL's query are
        /// enforced against the body (FC-21). AWS's own behaviour is disputed;
        /// the mock enforces by default, the strict reading.
        public var enforceQueryChecksums = true
        /// How far a request's signing time may be from the server's clock (S3: 15 minutes).
        public var clockSkewTolerance: TimeInterval = 900
        /// The server's clock; tests pin it.
        public var clock: @Sendable () -> Date = { Date() }
        public var limits = Limits()

        public init() {}
    }
}
