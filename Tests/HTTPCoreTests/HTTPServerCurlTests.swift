// SPDX-License-Identifier: Apache-2.0

import Foundation
@testable import HTTPCore
import Testing
import TestSupport

/// Runs the curl CLI and returns its stdout and stderr; the process is killed after `timeout`
/// (generous: it only bounds a failing test on a loaded machine).
func runCurl(_ arguments: [String], timeout: TimeInterval = 120) throws -> (output: String, errors: String, status: Int32) {
    let result = try ProcessRunner.run("curl", arguments, timeout: timeout)
    return (result.output, result.errorOutput, result.status)
}

@Suite("HTTP server with curl as the client", .disabled(if: ProcessRunner.which("curl") == nil, "needs curl (.ci/install installs it)"))
struct HTTPServerCurlTests {
    @Test("curl uploads with Expect: 100-continue and chunked, and reuses one connection for several URLs")
    func curlUploads() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("httpcore-curl-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("payload.bin")
        let payload = Data((0..<2_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try payload.write(to: file)

        let recorder = Recorder()
        try withServer(EchoResponder(recorder: recorder)) { server, port in
            let base = "http://127.0.0.1:\(port)"
            // curl sends Expect: 100-continue for bodies this large.
            let put = try runCurl(["-sS", "-v", "-o", "/dev/null", "-w", "%{http_code}", "-T", file.path, "\(base)/put"])
            #expect(put.output == "200")
            #expect(put.errors.contains("HTTP/1.1 100 Continue"))

            let chunked = try runCurl([
                "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Transfer-Encoding: chunked", "-T", file.path, "\(base)/chunked",
            ])
            #expect(chunked.output == "200")

            let reuse = try runCurl(["-sS", "-v", "\(base)/a", "\(base)/b", "\(base)/c"])
            #expect(reuse.errors.contains("Re-using existing connection"))
            #expect(server.statistics().connectionsAccepted == 3)
        }
        let bodies = recorder.bodies.withLock { $0 }
        #expect(bodies.count == 5)
        #expect(bodies.prefix(2).allSatisfy { $0 == Array(payload) })
    }
}
