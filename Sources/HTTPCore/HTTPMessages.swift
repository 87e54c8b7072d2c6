// SPDX-License-Identifier: Apache-2.0

/// A request head as it arrived, after its framing was validated.
public struct HTTPRequestHead: Sendable {
    public var method: String
    /// The request-target exactly as sent (origin form: path, then `?` and the query).
    /// SigV4 canonicalises these bytes, so nothing here is decoded or normalised.
    public var target: String
    public var versionMinor: Int
    public var headers: HTTPHeaders

    public init(method: String, target: String, versionMinor: Int = 1, headers: HTTPHeaders) {
        self.method = method
        self.target = target
        self.versionMinor = versionMinor
        self.headers = headers
    }

    /// The path part of `target`, still percent-encoded.
    public var rawPath: Substring {
        queryMark.map { target[..<$0] } ?? target[...]
    }

    /// The query part of `target` without the `?`, still percent-encoded; nil without a `?`.
    public var rawQuery: Substring? {
        queryMark.map { target[target.utf8.index(after: $0)...] }
    }

    // Searched as a byte: a Character search walks grapheme clusters, and `?` is ASCII.
    private var queryMark: String.Index? {
        target.utf8.firstIndex(of: UInt8(ascii: "?"))
    }
}

/// How the request body is framed, decided from the head (RFC 9112, section 6.3).
public enum HTTPBodyFraming: Sendable, Equatable {
    case none
    case contentLength(Int64)
    case chunked
}

/// A response head. The server adds `Content-Length` or chunked framing when
/// the handler leaves both out, and `Connection: close` when it will close.
public struct HTTPResponseHead: Sendable {
    public var status: Int
    public var headers: HTTPHeaders

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.headers = headers
    }
}

/// Why a request ended before the handler saw all of its body.
public struct HTTPRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case connectionClosed = "connection_closed"
        case connectionReset = "connection_reset"
        case timedOut = "timed_out"
        case malformedBody = "malformed_body"
        case serverShutdown = "server_shutdown"
    }

    private let code: Code

    /// The peer closed before the declared body arrived.
    public static let connectionClosed = HTTPRequestError(code: .connectionClosed)
    /// The socket failed (reset, broken pipe).
    public static let connectionReset = HTTPRequestError(code: .connectionReset)
    /// No bytes arrived within the configured body timeout.
    public static let timedOut = HTTPRequestError(code: .timedOut)
    /// The chunked framing of the body was invalid.
    public static let malformedBody = HTTPRequestError(code: .malformedBody)
    /// The server stopped before the request finished.
    public static let serverShutdown = HTTPRequestError(code: .serverShutdown)

    /// A short label, safe in CSV files and metric names.
    public var description: String { code.rawValue }
}
