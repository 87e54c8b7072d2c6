// SPDX-License-Identifier: Apache-2.0

/// The app server's routes, matched on method and raw path.
enum Route: Equatable {
    /// `PUT /upload/{key}`, with the key percent-decoded (not yet validated).
    case proxyUpload(key: String)
    case presignPut
    case presignPost
    case multipartCreate
    case multipartPartURL
    case multipartComplete
    case multipartAbort
    case confirm
    case health
    /// `GET /_upload-bench/stats`: the accounting as `AppServerSnapshot` JSON.
    case stats
    /// `POST /_upload-bench/window`: starts a measurement window, answers the snapshot at its start.
    case measurementWindow

    /// A short label for metrics (`route.proxy`, ...).
    var label: String {
        switch self {
        case .proxyUpload: "upload"
        case .presignPut: "presign"
        case .presignPost: "presign_post"
        case .multipartCreate: "multipart_create"
        case .multipartPartURL: "multipart_part_url"
        case .multipartComplete: "multipart_complete"
        case .multipartAbort: "multipart_abort"
        case .confirm: "confirm"
        case .health: "healthz"
        case .stats: "stats"
        case .measurementWindow: "measurement_window"
        }
    }

    private static let jsonRoutes: [Substring: Route] = [
        "/presign": .presignPut,
        "/presign/post": .presignPost,
        "/multipart/create": .multipartCreate,
        "/multipart/part-url": .multipartPartURL,
        "/multipart/complete": .multipartComplete,
        "/multipart/abort": .multipartAbort,
        "/uploads/confirm": .confirm,
    ]

    /// Matches a request.
    /// - Throws: `APIError.notFound`, `.methodNotAllowed`, or `.invalidKey` for a malformed escape.
    static func match(method: String, rawPath: Substring) throws(APIError) -> Route {
        let uploadPrefix = "/upload/"
        if rawPath.hasPrefix(uploadPrefix) {
            guard method == "PUT" else { throw .methodNotAllowed }
            guard let key = KeyPolicy.percentDecoded(rawPath.dropFirst(uploadPrefix.count)) else {
                throw .invalidKey("the key's percent-encoding is malformed or not UTF-8")
            }
            return .proxyUpload(key: key)
        }
        if rawPath == "/healthz" {
            guard method == "GET" || method == "HEAD" else { throw .methodNotAllowed }
            return .health
        }
        // Keys live under `/upload/`, so these paths cannot shadow an upload.
        if rawPath == "/_upload-bench/stats" {
            guard method == "GET" else { throw .methodNotAllowed }
            return .stats
        }
        if rawPath == "/_upload-bench/window" {
            guard method == "POST" else { throw .methodNotAllowed }
            return .measurementWindow
        }
        guard let route = jsonRoutes[rawPath] else { throw .notFound }
        guard method == "POST" else { throw .methodNotAllowed }
        return route
    }
}
