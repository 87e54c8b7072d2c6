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
    }

    @Test func presignedLowerOnlyOnSmallObjectsIsOneCrossoverTheOtherWay() {
        // One change of winner, from presigned to the proxy: it used to read "changes more than once".
        let finding = Crossover.finding([margin(1024, proxy: 2), margin(1_048_576, proxy: 0.5)])
        guard case .reversed(let below, let above, let estimate?) = finding else {
            Issue.record("not a single crossover the other way: \(finding)")
            return
        }
        #expect(below == 1024 && above == 1_048_576)
        // Gaps ln(2) and ln(1/2): the lines meet halfway on log axes, at 2^15 bytes.
        #expect(abs(estimate - 32_768) < 1)
        let crossover = Crossover(family: "2 clients, loopback", familyKey: "k", metric: "latency_p50_ms",
                                  proxy: "proxy/stream", presigned: "presigned/post", figure: "median latency",
                                  finding: finding)
        #expect(crossover.sentence == "2 clients, loopback: proxy/stream against presigned/post, median latency: "
            + "presigned URLs are lower up to 1 KiB, the proxy from 1 MiB up; the crossover lies between these "
            + "sizes, near 32 KiB where the chart's lines meet.")
    }
}
