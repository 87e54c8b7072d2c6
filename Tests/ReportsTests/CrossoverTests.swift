// SPDX-License-Identifier: Apache-2.0

import Foundation
@testable import Reports
import Testing

@Suite struct CrossoverTests {
    typealias Margin = Crossover.Margin

    /// A margin where the proxy costs `proxy` and presigned URLs cost 1.
    func margin(_ size: Int64, proxy: Double) -> Margin {
        Margin(size: size, proxy: proxy, presigned: 1)
    }

    @Test func aSingleChangeOfWinnerIsACrossoverBetweenTheTwoSizes() {
        // On log axes the gap goes from ln(1/2) to ln(2): the lines meet halfway, at 2^18 bytes.
        let margins = [margin(1024, proxy: 0.1), margin(65_536, proxy: 0.5), margin(1_048_576, proxy: 2),
                       margin(8_388_608, proxy: 10)]
        guard case .between(let below, let above, let estimate?) = Crossover.finding(margins) else {
            Issue.record("no crossover with an estimate: \(Crossover.finding(margins))")
            return
        }
        #expect(below == 65_536 && above == 1_048_576)
        #expect(abs(estimate - 262_144) < 1)
    }

    @Test func theMeetingPointFollowsTheLinesNotTheMidpoint() {
        // Gap ln(1/8) below and ln(2) above: a quarter of the way up, 2^(10 + 0.75 * 10) bytes.
        let estimate = Crossover.meetingPoint(margin(1024, proxy: 0.125), margin(1_048_576, proxy: 2))
        #expect(estimate.map { abs($0 - pow(2, 17.5)) < 1 } == true)
    }

    @Test func aZeroFigureGivesNoEstimate() {
        #expect(Crossover.meetingPoint(margin(1024, proxy: 0), margin(4096, proxy: 2)) == nil)
        #expect(Crossover.finding([margin(1024, proxy: 0), margin(4096, proxy: 2)])
            == .between(below: 1024, above: 4096, estimate: nil))
    }

    @Test func oneWinnerEverywhereOrSeveralChangesAreSaidSo() {
        #expect(Crossover.finding([margin(1, proxy: 2), margin(2, proxy: 2)]) == .presignedFasterThroughout)
        #expect(Crossover.finding([margin(1, proxy: 0.5), margin(2, proxy: 1)]) == .proxyFasterThroughout)
        #expect(Crossover.finding([margin(1, proxy: 0.5), margin(2, proxy: 2), margin(3, proxy: 0.5)]) == .mixed)
        // Presigned winning only on small objects is not the crossover the report describes.
        #expect(Crossover.finding([margin(1, proxy: 2), margin(2, proxy: 0.5)]) == .mixed)
    }
}
