// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Reports

@Suite("Compare statistics")
struct StatisticsTests {
    @Test("Mann-Whitney: complete separation of 3 and 3 gives p = 1/20")
    func separation() {
        #expect(abs(MannWhitney.pValueGreater([1, 2, 3], [4, 5, 6]) - 0.05) < 1e-12)
        #expect(abs(MannWhitney.pValueGreater([4, 5, 6], [1, 2, 3]) - 1) < 1e-12)
        #expect(abs(MannWhitney.smallestPValue(3, 3) - 0.05) < 1e-12)
        #expect(abs(MannWhitney.smallestPValue(5, 5) - 1.0 / 252) < 1e-12)
    }

    @Test("Mann-Whitney: identical samples are never significant")
    func identical() {
        #expect(MannWhitney.pValueGreater([7, 7, 7, 7, 7], [7, 7, 7, 7, 7]) == 1)
        #expect(MannWhitney.pValueGreater([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]) > 0.4)
    }

    @Test("Mann-Whitney: the exact and normal forms agree near the switch-over")
    func exactMatchesNormal() {
        let first = (0..<30).map { Double($0) }
        let second = (0..<30).map { Double($0) + 6.5 }
        let exact = MannWhitney.pValueGreater(first, second)
        let ranks = MannWhitney.doubledRanks(first + second)
        let normal = MannWhitney.normalUpperTail(ranks: ranks, firstCount: 30, secondCount: 30,
                                                 observed: ranks[30...].reduce(0, +))
        #expect(abs(exact - normal) < 0.01)
        #expect(exact < 0.1)
    }

    @Test("mid-ranks share ties")
    func ranks() {
        #expect(MannWhitney.doubledRanks([10, 20, 20, 30]) == [2, 5, 5, 8])
    }

    @Test("the bootstrap interval contains the observed change and is reproducible")
    func bootstrap() throws {
        let baseline = [100.0, 103, 98, 101, 99]
        let current = [120.0, 118, 123, 119, 121]
        let interval = try #require(Bootstrap.changeInterval(baseline: baseline, current: current))
        #expect(interval.low <= 0.2 && interval.high >= 0.19)
        #expect(interval.low > 0.1)
        let again = try #require(Bootstrap.changeInterval(baseline: baseline, current: current))
        #expect(again.low == interval.low && again.high == interval.high)
        #expect(Bootstrap.relativeChange(from: 0, to: 0) == 0)
        #expect(Bootstrap.relativeChange(from: 0, to: 1) == .infinity)
    }
}
