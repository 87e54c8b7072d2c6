// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import Metrics
public import SigV4
import Glibc

/// Everything the app server needs to run; checked by `validate()` before it starts.
public struct AppServerConfiguration: Sendable {
    /// Address to listen on.
    public var host = "127.0.0.1"
    /// Port to listen on; 0 picks a free one.
    public var port = 0
    /// Event loop threads, named `app-1`, `app-2`, ...
    public var threads = 2

    /// Where S3 is (http only: the harness talks to loopback endpoints).
    public var endpoint: S3Endpoint
    public var bucket: String
    public var region = "us-east-1"
    public var credentials: Credentials
    /// Every client key is stored under this prefix.
    public var prefix = "uploads/"

    public var mode: ProxyMode = .stream
    public var payloadSigning: PayloadSigning = .unsigned
    /// Largest body the proxy accepts and the largest size a presign request may declare.
    public var maxObjectSize: Int64 = 5 * 1024 * 1024 * 1024
    /// The fixed relay buffer of one upload in stream mode.
    public var streamBufferSize = 256 * 1024
    /// Part size for the multipart proxy mode and the default for presigned multipart uploads.
    public var partSize = 8 * 1024 * 1024
    /// Parts of one upload in flight at once in multipart mode.
    public var partConcurrency = 4
    /// Decoded bytes per aws-chunked chunk.
    public var awsChunkSize = 64 * 1024
    /// A client that sends no body bytes for this long is dropped and its upload aborted.
    public var bodyIdleTimeout: Duration = .seconds(30)
    /// An S3 request that makes no progress for this long fails.
    public var upstreamIdleTimeout: Duration = .seconds(60)
    /// Lifetime of presigned URLs and POST policies (at most 7 days, as SigV4 allows).
    public var presignExpiry: Duration = .seconds(900)
    /// Whether presigned PUT URLs sign `content-length`, so S3 refuses any other size (field case FC-14).
    public var presignSignsContentLength = true
    /// For experiments only: CPU time burnt on the loop thread per proxied upload,
    /// a known regression for checking the CI gate. Zero (the default) burns nothing.
    public var extraCPUPerUpload: Duration = .zero
    /// Directory for spool files.
    public var spoolDirectory = FileManager.default.temporaryDirectory.path
    /// Where the event loop threads register for CPU accounting (component `app`).
    public var cpu: ComponentCPU?
    /// The clock presigned URLs and S3 requests are signed with (injectable for tests, field case FC-18).
    public var clock: @Sendable () -> Date = { Date() }

    /// The longest presign lifetime SigV4 allows: 7 days.
    public static let maxPresignExpiry: Duration = .seconds(604_800)
    /// S3's smallest part size (all parts but the last).
    public static let minPartSize = 5 * 1024 * 1024
    /// S3's largest part count.
    public static let maxPartCount = 10_000

    public init(endpoint: S3Endpoint, bucket: String, credentials: Credentials) {
        self.endpoint = endpoint
        self.bucket = bucket
        self.credentials = credentials
    }

    /// Checks the combination of settings.
    /// - Throws: `ConfigurationError` naming the setting and what to pass instead.
    public func validate() throws {
        if mode == .stream && payloadSigning == .signed {
            throw ConfigurationError.invalid(
                "Payload signing 'signed' needs the whole body before sending, so it cannot be used with "
                    + "mode 'stream'; pass --payload-signing unsigned or aws-chunked, or --mode buffer or spool."
            )
        }
        guard partSize >= Self.minPartSize else {
            throw ConfigurationError.invalid("The part size must be at least 5 MiB (5242880 bytes); got \(partSize).")
        }
        guard partConcurrency >= 1, threads >= 1, streamBufferSize >= 4096, awsChunkSize >= 8192 else {
            throw ConfigurationError.invalid(
                "Threads and part concurrency must be at least 1, the stream buffer at least 4096 bytes "
                    + "and the aws-chunked chunk size at least 8192 bytes."
            )
        }
        guard presignExpiry >= .seconds(1), presignExpiry <= Self.maxPresignExpiry else {
            throw ConfigurationError.invalid("The presign expiry must be between 1 second and 7 days (604800 seconds).")
        }
        guard extraCPUPerUpload >= .zero, extraCPUPerUpload <= .seconds(1) else {
            throw ConfigurationError.invalid("The extra CPU per upload must be between 0 and 1 second.")
        }
        guard maxObjectSize >= 0 else {
            throw ConfigurationError.invalid("The maximum object size must not be negative.")
        }
        guard !bucket.isEmpty, !bucket.contains("/") else {
            throw ConfigurationError.invalid("Pass a bucket name without slashes.")
        }
        _ = try KeyPolicy(prefix: prefix)
    }
}

/// Where S3 listens.
public struct S3Endpoint: Sendable, Hashable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `http://host:port` (a path or `https` are refused).
    /// - Throws: `ConfigurationError` when the URL is not of that form, its port is outside 1 to 65535,
    ///   or its host is a name rather than an address.
    public init(url: String) throws {
        guard let components = URLComponents(string: url), components.scheme == "http",
              let host = components.host, !host.isEmpty,
              components.path.isEmpty || components.path == "/", components.query == nil
        else {
            throw ConfigurationError.invalid("Pass the S3 endpoint as http://HOST:PORT; got '\(url)'.")
        }
        let port = components.port ?? 80
        guard (1...65535).contains(port) else {
            throw ConfigurationError.invalid("The S3 endpoint's port must be a number from 1 to 65535; got '\(url)'.")
        }
        guard Self.isAddress(host) else {
            throw ConfigurationError.invalid(
                "The S3 endpoint's host must be an IP address or localhost (host names are not resolved); got '\(url)'."
            )
        }
        self.init(host: host, port: port)
    }

    /// Whether the upstream client can connect to `host` as written: an IPv4 or IPv6 literal
    /// (brackets or not) or `localhost`. It resolves no other names, so those would fail every request.
    static func isAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return host == "localhost" || inet_pton(AF_INET, bare, &v4) == 1 || inet_pton(AF_INET6, bare, &v6) == 1
    }

    /// The `Host` header value: the port is left out when it is the default (field case FC-9).
    public var hostHeader: String {
        port == 80 ? host : "\(host):\(port)"
    }

    /// `http://host[:port]`.
    public var baseURL: String {
        "http://\(hostHeader)"
    }
}

extension Credentials {
    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional `AWS_SESSION_TOKEN`.
    /// - Throws: `ConfigurationError` when a required variable is missing.
    public static func fromEnvironment(_ environment: [String: String]) throws -> Credentials {
        guard let access = environment["AWS_ACCESS_KEY_ID"], !access.isEmpty,
              let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else {
            throw ConfigurationError.invalid(
                "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the app server's S3 credentials."
            )
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return Credentials(accessKeyID: access, secretAccessKey: secret, sessionToken: token)
    }
}

/// A configuration the app server cannot run with.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case invalid = "invalid_configuration"
    }

    private let code: Code
    /// A sentence telling the user what to pass.
    public let message: String

    static func invalid(_ message: String) -> ConfigurationError {
        ConfigurationError(code: .invalid, message: message)
    }

    public var description: String { message }
}
