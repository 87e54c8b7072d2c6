// SPDX-License-Identifier: Apache-2.0

internal import CCurl

/// An owning libcurl URL handle (`CURLU`) that a transfer hands to libcurl
/// already parsed (`CURLOPT_CURLU`).
///
/// Given only a URL string, libcurl 7.88 parses it and prints it back in
/// normalised form for every request (about 12k instructions, a tenth of a
/// small PUT). Here a URL whose scheme, host and port equal the previous
/// one's only replaces the path and query; one that libcurl's parser could
/// change (dot segments, a fragment, characters it rejects or encodes) is not
/// taken (`update` returns false) and goes to libcurl as a string, as before.
final class CurlURL {
    /// The `CURLU *` handle.
    let handle: OpaquePointer
    /// `scheme://authority` of the URL the handle holds; empty when it holds none.
    private var origin: [UInt8] = []
    /// NUL-terminated path and query for `curl_url_set`, kept to spare allocations.
    private var scratch: [CChar] = []

    init() throws(CurlError) {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_url() else { throw CurlError.initFailed("curl_url") }
        self.handle = handle
    }

    deinit {
        curl_url_cleanup(handle)
    }

    /// Makes the handle hold `url`.
    /// - Returns: false when `url` must be left to libcurl's own parser.
    func update(_ url: String) -> Bool {
        let updated = url.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard let parts = Self.split(bytes) else { return false }
            guard bytes[..<parts.path.lowerBound].elementsEqual(origin) else { return nil }
            return setPathAndQuery(bytes, parts.path, parts.query)
        }
        switch updated {
        case true??:
            return true
        case false??:
            origin = []
            return false
        default:
            // Another scheme, host or port (or a string without contiguous UTF-8).
            return setWhole(url)
        }
    }

    private func setWhole(_ url: String) -> Bool {
        // The flags libcurl parses a string URL with (url.c, parseurlandfillconn).
        let flags = UInt32(CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME)
        guard url.withCString({ curl_url_set(handle, CURLUPART_URL, $0, flags) }) == CURLUE_OK,
            let parts = Self.split(Array(url.utf8))
        else {
            origin = []
            return false
        }
        origin = Array(url.utf8.prefix(parts.path.lowerBound))
        return true
    }

    private func setPathAndQuery(_ bytes: UnsafeBufferPointer<UInt8>, _ path: Range<Int>, _ query: Range<Int>?) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        for byte in bytes[path] { scratch.append(CChar(bitPattern: byte)) }
        scratch.append(0)
        let queryStart = scratch.count
        if let query {
            for byte in bytes[query] { scratch.append(CChar(bitPattern: byte)) }
            scratch.append(0)
        }
        return scratch.withUnsafeBufferPointer { text in
            let pathCode = curl_url_set(handle, CURLUPART_PATH, text.baseAddress, 0)
            let queryCode = curl_url_set(handle, CURLUPART_QUERY, query == nil ? nil : text.baseAddress! + queryStart, 0)
            return pathCode == CURLUE_OK && queryCode == CURLUE_OK
        }
    }

    /// Where the path (from its `/`) and the query (after `?`) of a URL are, when libcurl
    /// would keep them as they are; nil for any other URL.
    static func split<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> (path: Range<Int>, query: Range<Int>?)?
    where Bytes.Index == Int {
        let slash = UInt8(ascii: "/")
        var index = bytes.startIndex
        // `scheme://`, then the authority up to the path's first slash.
        while index < bytes.endIndex, bytes[index] != UInt8(ascii: ":") { index += 1 }
        guard bytes.endIndex - index > 3, bytes[index + 1] == slash, bytes[index + 2] == slash else { return nil }
        index += 3
        while index < bytes.endIndex, bytes[index] != slash {
            if bytes[index] == UInt8(ascii: "?") || bytes[index] == UInt8(ascii: "#") { return nil }
            index += 1
        }
        guard index < bytes.endIndex else { return nil }
        let pathStart = index
        var queryStart: Int?
        var previous: UInt8 = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            // Printable ASCII but space and `#`; no `/.`, which may start a dot segment.
            guard byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "#") else { return nil }
            if queryStart == nil {
                if byte == UInt8(ascii: "."), previous == slash { return nil }
                if byte == UInt8(ascii: "?") { queryStart = index }
            }
            previous = byte
            index += 1
        }
        guard let queryStart else { return (pathStart..<bytes.endIndex, nil) }
        // An empty query is left to libcurl, which decides whether to send the `?`.
        guard queryStart + 1 < bytes.endIndex else { return nil }
        return (pathStart..<queryStart, queryStart + 1..<bytes.endIndex)
    }
}

@available(*, unavailable)
extension CurlURL: Sendable {}
