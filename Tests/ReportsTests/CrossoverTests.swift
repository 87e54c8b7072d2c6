// SPDX-License-Identifier: Apache-2.0

@testable import Reports
import Testing

@Suite struct CrossoverTests {
    @Test func aSingleChangeOfWinnerIsACrossoverBetweenTheTwoSizes() {
        let margins: [(size: Int64, presignedWins: Bool)] = [(1024, false), (65_536, false), (1_048_576, true), (8_388_608, true)]
        #expect(Crossover.finding(margins) == .between(below: 65_536, above: 1_048_576))
    }

    @Test func oneWinnerEverywhereOrSeveralChangesAreSaidSo() {
        #expect(Crossover.finding([(1, true), (2, true)]) == .presignedFasterThroughout)
        #expect(Crossover.finding([(1, false), (2, false)]) == .proxyFasterThroughout)
        #expect(Crossover.finding([(1, false), (2, true), (3, false)]) == .mixed)
        // Presigned winning only on small objects is not the crossover the report describes.
        #expect(Crossover.finding([(1, true), (2, false)]) == .mixed)
    }
}
