// SPDX-License-Identifier: Apache-2.0

import HTTPCore

/// GetObject and HeadObject: the object's headers, then its bytes (or the
/// requested range) streamed with the connection's backpressure.
final class GetObjectHandler: HTTPRequestHandler {
    private let exchange: S3Exchange
    private let lookup: (S3Exchange) throws(S3Error) -> S3Object
    private var pieces: [(body: StoredBody, range: Range<Int64>)] = []
    private var streaming = false

    /// Bytes read from storage per write.
    private static let chunkSize = 256 * 1024

    init(_ exchange: S3Exchange, lookup: @escaping (S3Exchange) throws(S3Error) -> S3Object) {
        self.exchange = exchange
        self.lookup = lookup
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) {
        exchange.entry.bodyBytes += Int64(bytes.count)
    }

    func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {
        do throws(S3Error) {
            let object = try lookup(exchange)
            var headers = exchange.objectHeaders(object)
            var status = 200
            var range: Range<Int64> = 0..<object.size
            if let header = exchange.head.headers["Range"], let requested = try Self.parseRange(header, size: object.size) {
                range = requested
                status = 206
                headers.add(name: "Content-Range", value: "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(object.size)")
            }
            headers.add(name: "Content-Length", value: String(range.count))
            if exchange.isHEAD {
                exchange.respond(status: status, headers: headers)
                return
            }
            guard object.isReadable else {
                throw .notImplemented("The mock runs in discard storage mode: object bytes were not kept.")
            }
            pieces = object.body.slices(range, sizes: object.partSizes.isEmpty ? [object.size] : object.partSizes)
            exchange.entry.bytesOut += Int64(range.count)
            exchange.startStreaming(status: status, headers: headers) { [self] in
                streaming = true
                pump()
            }
        } catch {
            exchange.fail(error)
        }
    }

    func writabilityChanged(context: any HTTPRequestContext) {
        if streaming { pump() }
    }

    func receiveError(_ error: HTTPRequestError, context: any HTTPRequestContext) {
        streaming = false
        exchange.connectionFailed(error)
    }

    /// Writes until the connection's buffer is full or the body is done.
    private func pump() {
        while streaming, let piece = pieces.first {
            let count = Int(min(Int64(Self.chunkSize), Int64(piece.range.count)))
            let bytes = piece.body.read(at: piece.range.lowerBound, count: count)
            guard !bytes.isEmpty else {
                // The file vanished underneath (deleted concurrently): end the connection.
                exchange.context.closeAfterResponse()
                break
            }
            let rest = (piece.range.lowerBound + Int64(bytes.count))..<piece.range.upperBound
            if rest.isEmpty { pieces.removeFirst() } else { pieces[0].range = rest }
            if !exchange.context.writeBody(bytes) && !pieces.isEmpty { return }
        }
        guard streaming else { return }
        streaming = false
        exchange.finishStreaming()
    }

    /// A single `bytes=` range; nil (whole object) for forms S3 ignores.
    /// - Throws: `InvalidRange` when the range starts beyond the object.
    static func parseRange(_ header: String, size: Int64) throws(S3Error) -> Range<Int64>? {
        let text = header.trimmingWhitespace()
        guard text.hasPrefix("bytes="), !text.contains(",") else { return nil }
        let spec = text.dropFirst("bytes=".count)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        if parts[0].isEmpty {
            guard let suffix = Int64(parts[1]), suffix > 0 else { return nil }
            guard size > 0 else { throw .invalidRange(header, size: size) }
            return max(0, size - suffix)..<size
        }
        guard let start = Int64(parts[0]) else { return nil }
        // An open end runs to the object's end, so `bytes=N-` with N at or past it is unsatisfiable (416),
        // not an inverted range S3 ignores.
        let end = parts[1].isEmpty ? Int64.max : Int64(parts[1])
        guard let end, end >= start else { return nil }
        guard start < size else { throw .invalidRange(header, size: size) }
        return start..<min(end, size - 1) + 1
    }
}
