// SPDX-License-Identifier: Apache-2.0

internal import CCurl

/// Error labels for transfers that failed below HTTP, named after libcurl's
/// `CURLE_*` constants in lower case (`curl_couldnt_connect`).
enum CurlCodeName {
    private static let names: [UInt32: String] = [
        CURLE_UNSUPPORTED_PROTOCOL.rawValue: "curl_unsupported_protocol",
        CURLE_URL_MALFORMAT.rawValue: "curl_url_malformat",
        CURLE_COULDNT_RESOLVE_HOST.rawValue: "curl_couldnt_resolve_host",
        CURLE_COULDNT_CONNECT.rawValue: "curl_couldnt_connect",
        CURLE_WEIRD_SERVER_REPLY.rawValue: "curl_weird_server_reply",
        CURLE_PARTIAL_FILE.rawValue: "curl_partial_file",
        CURLE_WRITE_ERROR.rawValue: "curl_write_error",
        CURLE_UPLOAD_FAILED.rawValue: "curl_upload_failed",
        CURLE_READ_ERROR.rawValue: "curl_read_error",
        CURLE_OUT_OF_MEMORY.rawValue: "curl_out_of_memory",
        CURLE_OPERATION_TIMEDOUT.rawValue: "curl_operation_timedout",
        CURLE_RANGE_ERROR.rawValue: "curl_range_error",
        CURLE_ABORTED_BY_CALLBACK.rawValue: "curl_aborted_by_callback",
        CURLE_BAD_FUNCTION_ARGUMENT.rawValue: "curl_bad_function_argument",
        CURLE_TOO_MANY_REDIRECTS.rawValue: "curl_too_many_redirects",
        CURLE_GOT_NOTHING.rawValue: "curl_got_nothing",
        CURLE_SEND_ERROR.rawValue: "curl_send_error",
        CURLE_RECV_ERROR.rawValue: "curl_recv_error",
        CURLE_SEND_FAIL_REWIND.rawValue: "curl_send_fail_rewind",
        CURLE_HTTP2.rawValue: "curl_http2",
        CURLE_HTTP2_STREAM.rawValue: "curl_http2_stream",
        CURLE_SSL_CONNECT_ERROR.rawValue: "curl_ssl_connect_error",
        CURLE_PEER_FAILED_VERIFICATION.rawValue: "curl_peer_failed_verification",
        CURLE_FILESIZE_EXCEEDED.rawValue: "curl_filesize_exceeded",
    ]

    /// The label for a transfer result other than `CURLE_OK`.
    static func name(_ code: CURLcode) -> String {
        names[code.rawValue] ?? "curl_error_\(code.rawValue)"
    }
}
