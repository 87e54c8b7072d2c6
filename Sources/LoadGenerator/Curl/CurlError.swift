// SPDX-License-Identifier: Apache-2.0

internal import CCurl

/// A libcurl call that failed while setting up a transfer (not a transfer's own result).
struct CurlError: Error, CustomStringConvertible {
    private enum Code {
        case initFailed(String)
        case setoptFailed(option: Int, code: Int)
        case multiFailed(String, code: Int)
    }

    private let code: Code

    static func initFailed(_ function: String) -> CurlError {
        CurlError(code: .initFailed(function))
    }

    static func setoptFailed(option: Int, code: CURLcode) -> CurlError {
        CurlError(code: .setoptFailed(option: option, code: Int(code.rawValue)))
    }

    static func multiFailed(_ function: String, code: CURLMcode) -> CurlError {
        CurlError(code: .multiFailed(function, code: Int(code.rawValue)))
    }

    var description: String {
        switch code {
        case .initFailed(let function): "\(function) failed"
        case .setoptFailed(let option, let code): "curl_easy_setopt(\(option)) failed with \(code)"
        case .multiFailed(let function, let code): "\(function) failed with \(code)"
        }
    }

    /// A short label for the upload record's error code.
    var label: String { "curl_setup_failed" }
}
