// SPDX-License-Identifier: Apache-2.0

/// Why the server refused a request head or body framing, with the status it answers.
struct HTTPParseError: Error, Equatable {
    enum Code: String {
        case badRequestLine = "bad_request_line"
        case badHeader = "bad_header"
        case obsFold = "obs_fold"
        case bareLineFeed = "bare_lf"
        case missingHost = "missing_host"
        case ambiguousFraming = "ambiguous_framing"
        case badContentLength = "bad_content_length"
        case unsupportedTransferCoding = "unsupported_transfer_coding"
        case badTransferEncoding = "bad_transfer_encoding"
        case unsupportedExpectation = "unsupported_expectation"
        case unsupportedVersion = "unsupported_version"
        case requestLineTooLong = "request_line_too_long"
        case headTooLarge = "head_too_large"
        case tooManyHeaders = "too_many_headers"
        case badChunk = "bad_chunk"
        case badStatusLine = "bad_status_line"
    }

    let code: Code

    init(_ code: Code) {
        self.code = code
    }

    /// The status a server answers with (RFC 9110 and RFC 9112).
    var status: Int {
        switch code {
        case .requestLineTooLong: return 414
        case .headTooLarge, .tooManyHeaders: return 431
        case .unsupportedTransferCoding: return 501
        case .unsupportedExpectation: return 417
        case .unsupportedVersion: return 505
        default: return 400
        }
    }
}
