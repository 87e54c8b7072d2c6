// SPDX-License-Identifier: Apache-2.0

import HTTPCore
import TestSupport
import Testing

/// Streams a large response in pieces, continuing only when told it may write again.
private struct StreamingResponder: HTTPResponder {
    static let total = 64 * 1024 * 1024
    static let piece = 256 * 1024

    final class Streamer: HTTPRequestHandler {
        var sent = 0
        let block = [UInt8](repeating: 0x5A, count: StreamingResponder.piece)

        func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext) {}

        func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext) {
            context.writeResponseHead(HTTPResponseHead(
                status: 200, headers: ["Content-Length": String(StreamingResponder.total)]
            ))
            pump(context)
        }

        func writabilityChanged(context: any HTTPRequestContext) {
            pump(context)
        }

        func receiveError(_ error: HTTPRequestError, context: any HTTPRequestContext) {}

        private func pump(_ context: any HTTPRequestContext) {
            while sent < StreamingResponder.total {
                sent += block.count
                if !context.writeBody(block), sent < StreamingResponder.total { return }
            }
            context.finishResponse()
        }
    }

    func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler {
        Streamer()
    }
}

@Suite struct StreamedResponseTests {
    // A fresh-clone CI run saw a 64 MiB GET from the mock S3 stall at 12.5 MiB: a
    // flush that emptied the buffer right after writeBody returned false left the
    // connection no longer watching for writability. This test streams the same way;
    // it did not reproduce that timing on demand, so it guards the path, not the race.
    @Test func aHandlerThatWaitsForWritabilityAlwaysHearsBack() throws {
        let server = HTTPServer(configuration: .init(threadNamePrefix: "stream"), responder: StreamingResponder())
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .zero) }
        // curl reads as fast as the socket allows, which lets a flush empty the buffer.
        for _ in 0..<4 {
            let result = try ProcessRunner.run(
                "curl", ["-s", "-o", "/dev/null", "-m", "60", "-w", "%{size_download}", "http://127.0.0.1:\(port)/big"],
                timeout: 90
            )
            #expect(result.output == String(StreamingResponder.total))
        }
    }
}
