// SPDX-License-Identifier: Apache-2.0

import Foundation

/// An error answered to a client as JSON `{"error": code, "message": ...}`.
public struct APIError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case invalidKey
        case invalidRequest
        case malformedJSON
        case entityTooLarge
        case missingContentLength
        case notFound
        case methodNotAllowed
        case requestTimeout
        case incompleteBody
        case invalidDigest
        case badDigest
        case upstreamUnavailable
        case upstreamTimeout
        case internalError
        /// An error S3 answered, relayed with S3's code.
        case s3(String)

        var label: String {
            switch self {
            case .invalidKey: "InvalidKey"
            case .invalidRequest: "InvalidRequest"
            case .malformedJSON: "MalformedJSON"
            case .entityTooLarge: "EntityTooLarge"
            case .missingContentLength: "MissingContentLength"
            case .notFound: "NotFound"
            case .methodNotAllowed: "MethodNotAllowed"
            case .requestTimeout: "RequestTimeout"
            case .incompleteBody: "IncompleteBody"
            case .invalidDigest: "InvalidDigest"
            case .badDigest: "BadDigest"
            case .upstreamUnavailable: "UpstreamUnavailable"
            case .upstreamTimeout: "UpstreamTimeout"
            case .internalError: "InternalError"
            case .s3(let code): code
            }
        }
    }

    private let code: Code
    /// The status S3 answered, for an error S3 answered.
    private var s3Status: Int?
    /// The HTTP status the client gets.
    public private(set) var status: Int
    /// A human-readable sentence.
    public let message: String

    public static func invalidKey(_ why: String) -> APIError {
        APIError(code: .invalidKey, status: 400, message: "Invalid key: \(why).")
    }

    public static func invalidRequest(_ message: String) -> APIError {
        APIError(code: .invalidRequest, status: 400, message: message)
    }

    public static func malformedJSON(_ message: String) -> APIError {
        APIError(code: .malformedJSON, status: 400, message: message)
    }

    public static func entityTooLarge(limit: Int64) -> APIError {
        APIError(code: .entityTooLarge, status: 413, message: "The body is larger than the limit of \(limit) bytes.")
    }

    public static let missingContentLength = APIError(
        code: .missingContentLength, status: 411, message: "Send the body with a Content-Length."
    )

    public static let notFound = APIError(code: .notFound, status: 404, message: "No such route or object.")

    public static let methodNotAllowed = APIError(
        code: .methodNotAllowed, status: 405, message: "The route does not accept this method."
    )

    public static let requestTimeout = APIError(
        code: .requestTimeout, status: 408, message: "The client sent no body bytes within the timeout."
    )

    public static let incompleteBody = APIError(
        code: .incompleteBody, status: 400, message: "The body ended before its declared length."
    )

    /// A `Content-MD5` that is not the base64 of 16 bytes; S3's code for it.
    public static let invalidDigest = APIError(
        code: .invalidDigest, status: 400, message: "The Content-MD5 you specified was not valid."
    )

    /// A body whose MD5 differs from its `Content-MD5`; S3's code for it.
    public static let badDigest = APIError(
        code: .badDigest, status: 400, message: "The Content-MD5 you specified did not match what was received."
    )

    public static func upstreamUnavailable(_ why: String) -> APIError {
        APIError(code: .upstreamUnavailable, status: 502, message: "S3 could not be reached: \(why).")
    }

    /// S3 made no progress (no byte sent or received) for `upstreamIdleTimeout`.
    public static let upstreamTimeout = APIError(
        code: .upstreamTimeout, status: 504, message: "S3 made no progress within the upstream idle timeout."
    )

    public static func internalError(_ why: String) -> APIError {
        APIError(code: .internalError, status: 500, message: why)
    }

    /// An S3 error response: 503 for `SlowDown` (and S3's own 503s), 502 otherwise.
    ///
    /// A route whose client named what S3 refused passes its 4xx on with
    /// `clientFault(among:)`.
    public static func s3(code: String, status: Int, message: String) -> APIError {
        let relayed = status == 503 || code == "SlowDown" ? 503 : 502
        var error = APIError(code: .s3(code), status: relayed, message: message.isEmpty ? "S3 answered \(status) \(code)." : message)
        error.s3Status = status
        return error
    }

    /// This error with S3's own 4xx status when S3 answered one of `codes`:
    /// the codes that, on the calling route, only the client's values can cause
    /// (an upload id or part ETags it sent). Other errors are returned as they are,
    /// so S3's 5xx, its refusals of the app's own credentials and connection
    /// failures stay 502, 503 or 504.
    func clientFault(among codes: Set<String>) -> APIError {
        guard case .s3(let s3Code) = code, codes.contains(s3Code),
              let s3Status, (400..<500).contains(s3Status)
        else { return self }
        var error = self
        error.status = s3Status
        return error
    }

    /// The `error` field: an S3 code or one of the app's own codes; safe as a metric label.
    public var label: String { code.label }

    public var description: String { "\(status) \(label): \(message)" }

    /// The JSON body.
    public var jsonBody: [UInt8] {
        let object = ["error": label, "message": message]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Array(data)
    }
}
