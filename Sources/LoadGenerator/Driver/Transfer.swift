// SPDX-License-Identifier: Apache-2.0

internal import CCurl

/// One easy handle and the exchange it runs: sets the handle up, serves
/// libcurl's callbacks and collects the result.
///
/// The driver keeps one of these per easy handle and reuses it for exchange
/// after exchange, so a request whose method, body kind, link and source
/// address match the previous one's only changes the options that differ
/// (URL, body, headers) instead of resetting the handle and setting everything again.
///
/// libcurl calls back with `Unmanaged` pointers to this object; the driver
/// keeps it (in its table of active transfers or its idle list) for as long
/// as the easy handle lives, so the pointers stay valid while libcurl holds them.
final class Transfer {
    /// What decides which options a request needs besides its URL, body and
    /// headers; requests of equal shape can share a handle's settings.
    private struct Shape: Equatable {
        var method: String
        var inline: Bool
        var link: Exchange.Link
        /// The client whose source address the handle binds to, on links that bind one.
        var boundClient: Int?
    }

    let easy: CurlEasy
    /// The upload the current exchange belongs to; stays set (the flow kept
    /// alive) while the handle idles, until the next exchange replaces it.
    private(set) var flow: UploadFlow
    private(set) var exchange: Exchange
    private let configuration: LoadGeneratorConfiguration
    private let generator: BodyGenerator
    /// The driver's epoll set, which must hear of every socket libcurl closes.
    private let socketEvents: CurlSocketEvents
    private var reader: BodyReader
    private let headerList = CurlHeaderList()
    /// The header lines `headerList` holds, to skip rebuilding it for the same headers.
    private var listedHeaders: [(String, String)] = []
    private var listedExpectOff = false
    /// This request's URL, parsed for libcurl when it can be.
    private let parsedURL: CurlURL
    /// Whether the handle has `parsedURL` set (`CURLOPT_CURLU`).
    private var usesParsedURL = false
    /// `CURLOPT_CONNECT_TO` entries; libcurl reads them while connecting, so they live as long as the transfer.
    private let connectTo = CurlHeaderList()
    private let maxResponseBodyBytes: Int
    /// The shape the handle's options are set for; nil when they must all be set.
    private var configuredShape: Shape?
    private(set) var startedAt: UInt64 = 0

    private var status = 0
    private var informational = false
    private var firstByteAt: UInt64 = 0
    private var etag: String?
    private var responseBody: [UInt8] = []
    /// The body buffer handed to libcurl with `CURLOPT_POSTFIELDS`, kept across
    /// exchanges: a fresh 1 KiB allocation per request made glibc consolidate
    /// its free lists every time (requests that size come from the large bins).
    private var inlineBody = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    init(
        easy: CurlEasy, flow: UploadFlow, exchange: Exchange,
        generator: BodyGenerator, configuration: LoadGeneratorConfiguration, socketEvents: CurlSocketEvents
    ) throws(CurlError) {
        self.easy = easy
        parsedURL = try CurlURL()
        self.socketEvents = socketEvents
        self.flow = flow
        self.exchange = exchange
        self.generator = generator
        self.configuration = configuration
        reader = BodyReader(body: exchange.body, generator: generator)
        maxResponseBodyBytes = configuration.maxResponseBodyBytes
    }

    /// Takes the next exchange for this handle, forgetting the previous one's results.
    func reuse(for exchange: Exchange, of flow: UploadFlow) {
        self.flow = flow
        self.exchange = exchange
        reader = BodyReader(body: exchange.body, generator: generator)
        status = 0
        informational = false
        firstByteAt = 0
        etag = nil
        responseBody = []
    }

    /// Sets the options for this exchange: all of them after a reset when
    /// the shape changed, else only those that differ between requests.
    func configure() throws(CurlError) {
        let length = reader.length
        let inline = (exchange.method == "PUT" || exchange.method == "POST") && length > 0
            && length <= Self.inlineBodyLimit
        let link = exchange.link == .app ? configuration.clientToApp : configuration.clientToS3
        let shape = Shape(
            method: exchange.method, inline: inline, link: exchange.link,
            boundClient: link.bindsClientAddress ? flow.client : nil
        )
        do throws(CurlError) {
            if shape != configuredShape {
                try configureAll(inline: inline)
                configuredShape = shape
            }
            try configureURL()
            if inline {
                try configureInlineBody(length)
            } else if exchange.method == "PUT" {
                try easy.set(CURLOPT_INFILESIZE_LARGE, offset: Int64(length))
            } else if exchange.method == "POST" {
                try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(length))
            }
            try configureHeaders()
        } catch {
            // A half-set handle (say, a header list freed but still named) is reset next time.
            configuredShape = nil
            throw error
        }
    }

    /// Resets the handle and sets every option that stays the same for requests of one shape.
    private func configureAll(inline: Bool) throws(CurlError) {
        easy.reset()
        let me = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_NOSIGNAL, long: 1)
        // Only loopback endpoints are measured: an inherited `http_proxy` must not
        // reroute them, and libcurl skips reading the proxy variables per request
        // (`no_proxy` too, which it would read before looking at the proxy).
        try easy.set(CURLOPT_PROXY, string: "")
        try easy.set(CURLOPT_NOPROXY, string: "*")
        // A connection keeps the close callback of the handle that opened it; every
        // handle of this driver sets the same one, with the driver's epoll set.
        try easy.set(CURLOPT_CLOSESOCKETFUNCTION, closeSocket: { context, fd in
            Unmanaged<CurlSocketEvents>.fromOpaque(context!).takeUnretainedValue().close(fd)
        })
        try easy.set(CURLOPT_CLOSESOCKETDATA, pointer: Unmanaged.passUnretained(socketEvents).toOpaque())
        if inline {
            if exchange.method == "PUT" {
                try easy.set(CURLOPT_CUSTOMREQUEST, string: "PUT")
            }
        } else {
            try configureMethod(me)
        }
        try easy.set(CURLOPT_HEADERFUNCTION, write: { data, size, count, context in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        })
        try easy.set(CURLOPT_HEADERDATA, pointer: me)
        try easy.set(CURLOPT_WRITEFUNCTION, write: { data, size, count, context in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        })
        try easy.set(CURLOPT_WRITEDATA, pointer: me)
        usesParsedURL = false
        listedHeaders = []
        listedExpectOff = false
        try easy.set(CURLOPT_HTTPHEADER, headers: nil)
        try configureLimits(configuration)
    }

    /// Sets the URL, with its parsed form when `CurlURL` can give one.
    private func configureURL() throws(CurlError) {
        let parsed = parsedURL.update(exchange.url)
        if parsed != usesParsedURL {
            try easy.set(CURLOPT_CURLU, pointer: parsed ? UnsafeMutableRawPointer(parsedURL.handle) : nil)
            usesParsedURL = parsed
        }
        // Set after CURLOPT_CURLU (which may clear it): libcurl's own copy of the URL
        // string, which spares it printing one from the parsed form.
        try easy.set(CURLOPT_URL, string: exchange.url)
    }

    /// Rebuilds the header list when this request's headers differ from the listed ones.
    private func configureHeaders() throws(CurlError) {
        let length = exchange.body.length
        let expectOff = length > 0 && length < configuration.expectContinueMinimumBytes ?? Int.max
        let same = expectOff == listedExpectOff && exchange.headers.count == listedHeaders.count
            && zip(exchange.headers, listedHeaders).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        guard !same else { return }
        // The handle is not in the multi handle here, so libcurl does not read the old list.
        headerList.removeAll()
        for (name, value) in exchange.headers {
            try headerList.append(name: name, value: value)
        }
        if expectOff {
            try headerList.append("Expect:")
        }
        try easy.set(CURLOPT_HTTPHEADER, headers: headerList)
        listedHeaders = exchange.headers
        listedExpectOff = expectOff
    }

    private func configureMethod(_ me: UnsafeMutableRawPointer) throws(CurlError) {
        switch exchange.method {
        case "PUT":
            try easy.set(CURLOPT_UPLOAD, long: 1)
        case "POST":
            try easy.set(CURLOPT_POST, long: 1)
        case "HEAD":
            try easy.set(CURLOPT_NOBODY, long: 1)
        case "GET":
            break
        default:
            try easy.set(CURLOPT_CUSTOMREQUEST, string: exchange.method)
        }
        guard exchange.method == "PUT" || exchange.method == "POST" else { return }
        try easy.set(CURLOPT_READFUNCTION, read: { buffer, size, count, context in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            return transfer.reader.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
        })
        try easy.set(CURLOPT_READDATA, pointer: me)
        try easy.set(CURLOPT_SEEKFUNCTION, seek: { context, offset, origin in
            // libcurl rewinds to the start when it must send the body again; nothing else is needed.
            guard offset == 0, origin == SEEK_SET else { return Int32(CURL_SEEKFUNC_CANTSEEK) }
            Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue().reader.rewind()
            return Int32(CURL_SEEKFUNC_OK)
        })
        try easy.set(CURLOPT_SEEKDATA, pointer: me)
    }

    /// Bodies up to this size are generated up front and handed to libcurl with the
    /// head, which then goes out in one `send` instead of head and body apart.
    static let inlineBodyLimit = 64 * 1024

    private func configureInlineBody(_ length: Int) throws(CurlError) {
        if inlineBody.count < length {
            inlineBody.deallocate()
            inlineBody = UnsafeMutableRawBufferPointer.allocate(byteCount: length, alignment: 8)
        }
        let body = UnsafeMutableRawBufferPointer(rebasing: inlineBody[..<length])
        _ = reader.read(into: body)
        // CURLOPT_POSTFIELDS keeps the pointer (no copy); `inlineBody` lives until this object goes.
        try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(length))
        try easy.set(CURLOPT_POSTFIELDS, pointer: body.baseAddress)
    }

    private func configureLimits(_ configuration: LoadGeneratorConfiguration) throws(CurlError) {
        let link = exchange.link == .app ? configuration.clientToApp : configuration.clientToS3
        if let rate = link.sendBytesPerSecond {
            try easy.set(CURLOPT_MAX_SEND_SPEED_LARGE, offset: Int64(rate))
        }
        if let rate = link.receiveBytesPerSecond {
            try easy.set(CURLOPT_MAX_RECV_SPEED_LARGE, offset: Int64(rate))
        }
        // A reused handle may still carry another link's redirection: always set or clear it.
        connectTo.removeAll()
        for entry in link.connectTo {
            try connectTo.append(entry)
        }
        try easy.set(CURLOPT_CONNECT_TO, headers: link.connectTo.isEmpty ? nil : connectTo)
        if link.bindsClientAddress {
            // libcurl reuses a pooled connection only when it was bound the same way,
            // so a client never borrows another client's connection.
            try easy.set(CURLOPT_INTERFACE, string: ClientAddress.curlInterface(forClient: flow.client))
        }
        if let timeout = configuration.requestTimeout {
            try easy.set(CURLOPT_TIMEOUT_MS, long: Int(timeout.wholeNanoseconds / 1_000_000))
        }
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, long: Int(configuration.connectTimeout.wholeNanoseconds / 1_000_000))
        if let size = configuration.uploadBufferSize {
            try easy.set(CURLOPT_UPLOAD_BUFFERSIZE, long: size)
        }
    }

    deinit {
        inlineBody.deallocate()
    }

    /// Records the hand-over time; call just before `curl_multi_add_handle`.
    func markStarted(_ now: UInt64) {
        startedAt = now
    }

    private func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        if line.count >= 12, line.starts(with: Self.httpPrefix) {
            // "HTTP/1.1 200 OK": the status is the three digits after the first space.
            guard let space = line.firstIndex(of: 0x20), space + 3 < line.count else { return }
            var code = 0
            for offset in 1...3 {
                code = code * 10 + Int(line[space + offset] &- 0x30)
            }
            status = code
            informational = (100..<200).contains(code)
            etag = nil
            if !informational, firstByteAt == 0 {
                firstByteAt = MonotonicNanoseconds.now
            }
            return
        }
        guard !informational, line.count > 5, Self.isETagLine(line) else { return }
        etag = Self.unquoted(String(decoding: line[5...], as: UTF8.self))
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) {
        let room = maxResponseBodyBytes - responseBody.count
        if room > 0 {
            responseBody.append(contentsOf: bytes.prefix(room))
        }
    }

    /// The exchange's result once libcurl finished it with `code`.
    func result(code: CURLcode, now: UInt64) -> ExchangeResult {
        let httpStatus = code == CURLE_OK ? (status != 0 ? status : easy.long(CURLINFO_RESPONSE_CODE)) : 0
        let errorCode: String? =
            if code != CURLE_OK {
                CurlCodeName.name(code)
            } else if (200..<300).contains(httpStatus) {
                nil
            } else {
                ErrorBody.code(status: httpStatus, body: responseBody)
            }
        let hop = HopRecord(
            kind: exchange.kind,
            partNumber: exchange.partNumber,
            attempt: exchange.attempt,
            status: httpStatus,
            errorCode: errorCode,
            issuedNanoseconds: exchange.issuedAt,
            startNanoseconds: startedAt,
            firstResponseByteNanoseconds: firstByteAt,
            bodySentNanoseconds: reader.finishedAt,
            endNanoseconds: now,
            bodyBytesSent: Int(easy.offset(CURLINFO_SIZE_UPLOAD_T)),
            headerBytesSent: easy.long(CURLINFO_REQUEST_SIZE),
            bodyBytesReceived: Int(easy.offset(CURLINFO_SIZE_DOWNLOAD_T)),
            headerBytesReceived: easy.long(CURLINFO_HEADER_SIZE),
            newConnection: easy.long(CURLINFO_NUM_CONNECTS) > 0
        )
        return ExchangeResult(
            status: httpStatus,
            errorCode: errorCode,
            etag: etag,
            body: responseBody,
            bodyMD5: code == CURLE_OK ? reader.generatedMD5() : nil,
            hop: hop
        )
    }

    private static let httpPrefix = Array("HTTP/".utf8)

    private static func isETagLine(_ line: UnsafeRawBufferPointer) -> Bool {
        // Header names are case-insensitive: compare "etag:" with ASCII case folded.
        (line[0] | 0x20) == UInt8(ascii: "e") && (line[1] | 0x20) == UInt8(ascii: "t")
            && (line[2] | 0x20) == UInt8(ascii: "a") && (line[3] | 0x20) == UInt8(ascii: "g")
            && line[4] == UInt8(ascii: ":")
    }

    /// `"abc"` or ` "abc" \r\n` -> `abc`.
    static func unquoted(_ value: String) -> String {
        var text = Substring(value)
        // "\r\n" is one Character, which `isWhitespace` covers.
        while let first = text.first, first.isWhitespace || first == "\"" { text.removeFirst() }
        while let last = text.last, last.isWhitespace || last == "\"" { text.removeLast() }
        return String(text)
    }
}

@available(*, unavailable)
extension Transfer: Sendable {}
