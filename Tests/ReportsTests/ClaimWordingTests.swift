// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics
@testable import Reports
import Testing

/// The claim table's sentences read right whatever the number of comparisons.
@Suite struct ClaimWordingTests {
    // A one-workload run said "Presigned has lower app bytes per upload in all 1 comparisons."
    @Test func aSingleComparisonIsNotCalledAll1Comparisons() throws {
        var run = Fixtures.run(repeats: 1)
        let largest = try #require(run.cells.map(\.objectSizeBytes).max())
        run.cells.removeAll { $0.objectSizeBytes != largest }
        let claims = ClaimCheck.all(try RunAnalysis(run))
        let bytes = try #require(claims.first { $0.claim == "Fewer bytes through the app server" })
        #expect(bytes.outcome == .holds)
        #expect(bytes.evidence.hasPrefix("Presigned has lower app bytes per upload in the only comparison."), "\(bytes.evidence)")

        let full = ClaimCheck.all(try RunAnalysis(Fixtures.run(repeats: 1)))
        let allBytes = try #require(full.first { $0.claim == "Fewer bytes through the app server" })
        #expect(allBytes.evidence.contains("in all \(Fixtures.sizes.count) comparisons."), "\(allBytes.evidence)")
    }

    // slow-clients.json's two proxy modes against presigned PUT read "in all 2 comparisons".
    @Test func twoComparisonsAreBoth() {
        #expect(ClaimCheck.everyComparison(2) == "both comparisons")
        #expect(ClaimCheck.everyComparison(1) == "the only comparison")
        #expect(ClaimCheck.everyComparison(7) == "all 7 comparisons")
    }

    // The reason given where presigned URLs were slower said "on small objects" for every size:
    // a quick run gave it for 1 MiB and a SeaweedFS run for 6 MiB presigned multipart uploads.
    @Test func theLatencyReasonDoesNotAssumeSmallObjects() throws {
        let claims = ClaimCheck.all(try RunAnalysis(Fixtures.run(repeats: 1)))
        let latency = try #require(claims.first { $0.claim == "Lower latency" })
        #expect(latency.outcome == .partly)
        #expect(latency.evidence.contains("the extra round trips to get a URL (and to confirm or complete the upload) "
            + "take longer than sending straight to S3 saves"), "\(latency.evidence)")
        #expect(!latency.evidence.contains("small objects"), "\(latency.evidence)")
        let cpu = try #require(claims.first { $0.claim == "Less work for the app server" })
        #expect(!cpu.evidence.contains("the presign request costs"), "\(cpu.evidence)")
    }

    // Every probe read "as expected: ..." (or "NOT as expected: ..."), burying a failed one among six.
    @Test func accessProbesAreListedOnceWithFailuresFirst() throws {
        var run = Fixtures.run(repeats: 1)
        run.securityChecks = [
            SecurityCheck(name: "URL used for another key", passed: true, detail: "403 SignatureDoesNotMatch"),
            SecurityCheck(name: "URL used after it expired", passed: false, detail: "200, stored"),
        ]
        let mixed = ClaimCheck.access(try RunAnalysis(run))
        #expect(mixed.outcome == .partly)
        #expect(mixed.evidence == "1 of 2 probes behaved as the claim needs. NOT as expected: URL used after it "
            + "expired (200, stored). As expected: URL used for another key (403 SignatureDoesNotMatch).")
        run.securityChecks.removeLast()
        let clean = ClaimCheck.access(try RunAnalysis(run))
        #expect(clean.evidence == "1 of 1 probes behaved as the claim needs: URL used for another key (403 SignatureDoesNotMatch).")
    }
}
