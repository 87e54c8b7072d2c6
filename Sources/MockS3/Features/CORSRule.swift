// SPDX-License-Identifier: Apache-2.0

import HTTPCore

/// One CORS rule, as in a bucket's CORS configuration; the mock applies it to every bucket.
/// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
public struct CORSRule: Sendable, Equatable {
    /// Allowed origins; each may contain one `*` wildcard.
    public var allowedOrigins: [String]
    /// Allowed methods (`GET`, `PUT`, `POST`, `DELETE`, `HEAD`).
    public var allowedMethods: [String]
    /// Allowed request headers for preflight; each may contain one `*` wildcard.
    public var allowedHeaders: [String]
    /// Response headers the browser may read, for example `ETag` (FC-35).
    public var exposeHeaders: [String]
    /// How long the browser may cache a preflight answer.
    public var maxAgeSeconds: Int?

    public init(
        allowedOrigins: [String],
        allowedMethods: [String],
        allowedHeaders: [String] = [],
        exposeHeaders: [String] = [],
        maxAgeSeconds: Int? = nil
    ) {
        self.allowedOrigins = allowedOrigins
        self.allowedMethods = allowedMethods.map { $0.uppercased() }
        self.allowedHeaders = allowedHeaders
        self.exposeHeaders = exposeHeaders
        self.maxAgeSeconds = maxAgeSeconds
    }

    /// Any origin, the upload methods, any header, and `ETag` exposed: what a
    /// browser uploader needs, multipart included.
    public static let permissive = CORSRule(
        allowedOrigins: ["*"],
        allowedMethods: ["GET", "PUT", "POST", "DELETE", "HEAD"],
        allowedHeaders: ["*"],
        exposeHeaders: ["ETag", "x-amz-request-id", "x-amz-version-id"],
        maxAgeSeconds: 3000
    )

    /// Whether the rule admits `origin`, `method` and every header in `requestHeaders`.
    func matches(origin: String, method: String, requestHeaders: [String]) -> Bool {
        allowedOrigins.contains { Self.wildcardMatch($0, origin) }
            && allowedMethods.contains(method.uppercased())
            && requestHeaders.allSatisfy { header in
                allowedHeaders.contains { Self.wildcardMatch($0.lowercased(), header.lowercased()) }
            }
    }

    /// The headers of a successful preflight answer.
    func preflightHeaders(origin: String, method: String, requestHeaders: [String]) -> HTTPHeaders {
        var headers = ruleHeaders(origin: origin, expose: false)
        if !requestHeaders.isEmpty {
            headers.add(name: "Access-Control-Allow-Headers", value: requestHeaders.joined(separator: ", "))
        }
        return headers
    }

    /// The headers added to an actual (non-preflight) response for a matching origin.
    func responseHeaders(origin: String, method: String) -> HTTPHeaders? {
        guard matches(origin: origin, method: method, requestHeaders: []) else { return nil }
        return ruleHeaders(origin: origin, expose: true)
    }

    /// Origin, methods, exposed headers (for actual responses) and max age.
    private func ruleHeaders(origin: String, expose: Bool) -> HTTPHeaders {
        var headers = HTTPHeaders()
        // S3 answers `*` for a wildcard-only rule, and otherwise echoes the origin with credentials allowed.
        if allowedOrigins == ["*"] {
            headers.add(name: "Access-Control-Allow-Origin", value: "*")
        } else {
            headers.add(name: "Access-Control-Allow-Origin", value: origin)
            headers.add(name: "Access-Control-Allow-Credentials", value: "true")
        }
        headers.add(name: "Vary", value: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method")
        headers.add(name: "Access-Control-Allow-Methods", value: allowedMethods.joined(separator: ", "))
        if expose && !exposeHeaders.isEmpty {
            headers.add(name: "Access-Control-Expose-Headers", value: exposeHeaders.joined(separator: ", "))
        }
        if let maxAgeSeconds {
            headers.add(name: "Access-Control-Max-Age", value: String(maxAgeSeconds))
        }
        return headers
    }

    /// Matches `text` against `pattern` with at most one `*`.
    static func wildcardMatch(_ pattern: String, _ text: String) -> Bool {
        guard let star = pattern.firstIndex(of: "*") else { return pattern == text }
        let head = pattern[..<star]
        let tail = pattern[pattern.index(after: star)...]
        return text.count >= head.count + tail.count && text.hasPrefix(head) && text.hasSuffix(tail)
    }
}
