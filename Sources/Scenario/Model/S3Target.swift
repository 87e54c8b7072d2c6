// SPDX-License-Identifier: Apache-2.0

/// The S3 service the uploads go to.
public enum S3Target: Sendable, Hashable {
    /// The project's mock S3, started by the runner.
    case embedded(EmbeddedS3)
    /// An S3-compatible service that is already running.
    case endpoint(S3Endpoint)
}

/// Settings of the embedded mock S3.
public struct EmbeddedS3: Sendable, Hashable, Codable {
    /// What the mock S3 keeps of uploaded bytes.
    public enum Storage: String, Sendable, Hashable, Codable, CaseIterable {
        /// Nothing but sizes and hashes (for benchmarks).
        case discard
        /// The objects, in memory.
        case memory
        /// The objects, as files in a directory.
        case disk
    }

    public let storage: Storage
    /// Where `disk` storage writes; `nil` means a fresh temporary directory.
    public let directory: String?
    /// Whether every body's MD5 is computed (ETags, integrity checks). Costs CPU per byte.
    public let md5: Bool
    public let bucket: String
    public let region: String

    public init(storage: Storage = .discard, directory: String? = nil, md5: Bool = true,
                bucket: String = "upload-bench", region: String = "us-east-1") {
        self.storage = storage
        self.directory = directory
        self.md5 = md5
        self.bucket = bucket
        self.region = region
    }
}

/// An external S3-compatible endpoint. Credentials are never in the file: it names the
/// environment variables that hold them.
public struct S3Endpoint: Sendable, Hashable, Codable {
    public let url: String
    public let bucket: String
    public let region: String
    /// Path-style (`host/bucket/key`) rather than virtual-hosted (`bucket.host/key`) URLs.
    public let pathStyle: Bool
    public let accessKeyIdVariable: String
    public let secretAccessKeyVariable: String
    /// `nil` when no session token is used.
    public let sessionTokenVariable: String?

    public init(url: String, bucket: String, region: String = "us-east-1", pathStyle: Bool = true,
                accessKeyIdVariable: String = "AWS_ACCESS_KEY_ID",
                secretAccessKeyVariable: String = "AWS_SECRET_ACCESS_KEY",
                sessionTokenVariable: String? = nil) {
        self.url = url
        self.bucket = bucket
        self.region = region
        self.pathStyle = pathStyle
        self.accessKeyIdVariable = accessKeyIdVariable
        self.secretAccessKeyVariable = secretAccessKeyVariable
        self.sessionTokenVariable = sessionTokenVariable
    }

    enum CodingKeys: String, CodingKey {
        case url, bucket, region
        case pathStyle = "path_style"
        case accessKeyIdVariable = "access_key_id_env"
        case secretAccessKeyVariable = "secret_access_key_env"
        case sessionTokenVariable = "session_token_env"
    }
}

/// Credentials read from the environment variables an `S3Endpoint` names.
public struct S3Credentials: Sendable, Hashable {
    public let accessKeyId: String
    public let secretAccessKey: String
    public let sessionToken: String?
}

extension S3Endpoint {
    /// Reads the credentials from `environment` (usually `ProcessInfo.processInfo.environment`).
    /// - Throws: `ScenarioError` naming each variable that is unset or empty.
    public func credentials(from environment: [String: String], file: String) throws(ScenarioError) -> S3Credentials {
        let path = FieldPath.root.appending("s3")
        var problems: [ScenarioError.Problem] = []
        func read(_ variable: String, _ key: String) -> String {
            guard let value = environment[variable], !value.isEmpty else {
                let message = "the environment variable \(variable) is not set; export it before running"
                problems.append(ScenarioError.Problem(path: path.appending(key).description, line: nil, message: message))
                return ""
            }
            return value
        }
        let keyId = read(accessKeyIdVariable, CodingKeys.accessKeyIdVariable.rawValue)
        let secret = read(secretAccessKeyVariable, CodingKeys.secretAccessKeyVariable.rawValue)
        let token = sessionTokenVariable.map { read($0, CodingKeys.sessionTokenVariable.rawValue) }
        guard problems.isEmpty else {
            throw .missingEnvironment(file: file, problems: problems)
        }
        return S3Credentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: token)
    }
}

extension S3Target: CustomStringConvertible {
    /// `"embedded (discard, md5)"` or the endpoint URL and bucket.
    public var description: String {
        switch self {
        case .embedded(let s3):
            return "embedded (\(s3.storage.rawValue), \(s3.md5 ? "md5" : "no md5"))"
        case .endpoint(let endpoint):
            return "\(endpoint.url) bucket \(endpoint.bucket)"
        }
    }
}

extension S3Target: Codable {
    private enum CodingKeys: String, CodingKey {
        case type
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "embedded": self = .embedded(try EmbeddedS3(from: decoder))
        case "endpoint": self = .endpoint(try S3Endpoint(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "expected embedded or endpoint")
        }
    }

    /// Encodes flat with a `type` field, as in scenario files.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .embedded(let s3):
            try container.encode("embedded", forKey: .type)
            try s3.encode(to: encoder)
        case .endpoint(let endpoint):
            try container.encode("endpoint", forKey: .type)
            try endpoint.encode(to: encoder)
        }
    }
}
