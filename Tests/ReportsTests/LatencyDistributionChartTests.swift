// SPDX-License-Identifier: Apache-2.0

import Foundation
@testable import Reports
import Testing

/// The latency distribution chart draws only the percentiles a sample resolves.
@Suite struct LatencyDistributionChartTests {
    @Test func nUploadsResolvePercentilesUpToOneMinusOneOverN() {
        // 8 uploads: p87.5 is the 7th value, anything higher is the 8th, the maximum.
        #expect(abs(RunCharts.resolvedNines(uploads: 8) - log10(8)) < 1e-12)
        #expect(RunCharts.resolvedNines(uploads: 1_000) == 3)
        #expect(RunCharts.resolvedNines(uploads: 1) == 0)
        #expect(RunCharts.resolvedNines(uploads: 0) == 0)
    }

    @Test func theSubtitleSaysHowManyUploadsEachLineHas() {
        #expect(RunCharts.sampleNote([8, 8]) == "8 uploads per architecture: percentiles above p87.5 are the maximum")
        #expect(RunCharts.sampleNote([64, 8]) == "8 / 64 uploads: percentiles above p87.5 are the maximum")
        #expect(RunCharts.sampleNote([1]) == "1 upload per architecture: percentiles above p0 are the maximum")
        // A line without uploads draws nothing; the others still say their size.
        #expect(RunCharts.sampleNote([0, 200]) == "200 uploads per architecture: percentiles above p99.5 are the maximum")
        // From 1,000 uploads every percentile on the axis (up to p99.9) is resolved.
        #expect(RunCharts.sampleNote([1_000, 5_000]) == nil)
        #expect(RunCharts.sampleNote([0]) == nil)
    }
}
