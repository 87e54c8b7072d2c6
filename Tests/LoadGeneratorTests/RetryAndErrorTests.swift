// SPDX-License-Identifier: Apache-2.0

import LoadGenerator
import Testing

@Suite("Retries and error classification", .serialized)
struct RetryAndErrorTests {
    @Test("503 SlowDown is retried per the policy and counted apart from failures")
    func retriesOn503() throws {
        let server = try FakeServer()
        defer { server.stop() }
        let plan = [PlannedUpload(index: 0, key: "a-fail503x2", size: 10_000, architecture: .directPut)]
        let run = runAgainst(server, plan) { $0.retry = RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(20)) }
        let record = try #require(run.records.first)
        #expect(record.status == .ok)
        #expect(record.attempts == 3)
        #expect(record.retries == 2)
        #expect(record.retriedErrorCodes == ["SlowDown", "SlowDown"])
        #expect(record.hops.map(\.status) == [503, 503, 200])
        // Backoff: the second retry waits twice as long as the first.
        let gaps = zip(record.hops, record.hops.dropFirst()).map { $1.startNanoseconds - $0.endNanoseconds }
        #expect(gaps[0] >= 20_000_000)
        #expect(gaps[1] >= 40_000_000)
    }

    @Test("an upload that runs out of attempts fails with the last S3 code")
    func exhaustedRetries() throws {
        let server = try FakeServer()
        defer { server.stop() }
        let plan = [PlannedUpload(index: 0, key: "b-fail503x5", size: 10_000, architecture: .proxy)]
        let run = runAgainst(server, plan) { $0.retry = RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(1)) }
        let record = try #require(run.records.first)
        #expect(record.status == .failed)
        #expect(record.errorCode == "SlowDown")
        #expect(record.attempts == 2)
        #expect(record.retries == 1)
    }

    @Test("errors are classified by the XML <Code>, the JSON error field, or the curl error name")
    func classification() throws {
        let server = try FakeServer()
        defer { server.stop() }
        let plan = [
            PlannedUpload(index: 0, key: "nosuchbucket", size: 100, architecture: .directPut),
            PlannedUpload(index: 1, key: "jsonerr", size: 100, architecture: .presignedPut(confirm: false)),
        ]
        let run = runAgainst(server, plan)
        #expect(run.records.map(\.errorCode) == ["NoSuchBucket", "InvalidKey"])
        #expect(run.records.allSatisfy { $0.status == .failed && $0.retries == 0 })

        let port = server.port
        server.stop()
        var refused = LoadGeneratorConfiguration(directBaseURL: "http://127.0.0.1:\(port)")
        refused.retry = RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(1))
        let failed = LoadGenerator(configuration: refused).run(plan: [PlannedUpload(index: 0, key: "k", size: 10, architecture: .directPut)])
        let record = try #require(failed.records.first)
        #expect(record.errorCode == "curl_couldnt_connect")
        #expect(record.retriedErrorCodes == ["curl_couldnt_connect"])
        #expect(record.hops.allSatisfy { $0.status == 0 })
    }
}
