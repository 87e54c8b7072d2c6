// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The Mann-Whitney U (Wilcoxon rank-sum) test: does one sample tend to be
/// larger than the other? Rank-based, so it needs no assumption about the
/// shape of the noise, and one outlier cannot dominate it.
///
/// Small samples (up to 60 values in all) get the exact permutation
/// distribution of the rank sum, ties included (mid-ranks); larger ones the
/// normal approximation with tie and continuity corrections.
enum MannWhitney {
    /// One-sided p-value for "`second` tends to be larger than `first`".
    static func pValueGreater(_ first: [Double], _ second: [Double]) -> Double {
        guard !first.isEmpty, !second.isEmpty else { return 1 }
        let doubledRanks = Self.doubledRanks(first + second)
        let observed = doubledRanks[first.count...].reduce(0, +)
        if first.count + second.count <= 60 {
            return exactUpperTail(ranks: doubledRanks, chosen: second.count, atLeast: observed)
        }
        return normalUpperTail(ranks: doubledRanks, firstCount: first.count, secondCount: second.count, observed: observed)
    }

    /// The smallest one-sided p-value samples of these sizes can reach (no ties): 1 / C(n1 + n2, n1).
    static func smallestPValue(_ firstCount: Int, _ secondCount: Int) -> Double {
        guard firstCount > 0, secondCount > 0 else { return 1 }
        var combinations = 1.0
        for step in 0..<min(firstCount, secondCount) {
            combinations = combinations * Double(firstCount + secondCount - step) / Double(step + 1)
        }
        return 1 / combinations
    }

    // Twice the mid-rank of each value (1-based), so that ties stay integers.
    static func doubledRanks(_ values: [Double]) -> [Int] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Int](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] {
                end += 1
            }
            // Positions start...end (0-based) share the mean rank ((start+1)+(end+1))/2.
            for position in start...end {
                ranks[order[position]] = start + end + 2
            }
            start = end + 1
        }
        return ranks
    }

    // P(sum of `chosen` ranks drawn without replacement >= atLeast), by counting subsets.
    static func exactUpperTail(ranks: [Int], chosen: Int, atLeast: Int) -> Double {
        let total = ranks.reduce(0, +)
        // ways[k][s]: subsets of size k with rank sum s (as doubles: counts exceed 2^53 only beyond 60 values).
        var ways = [[Double]](repeating: [Double](repeating: 0, count: total + 1), count: chosen + 1)
        ways[0][0] = 1
        for rank in ranks {
            for size in stride(from: chosen, through: 1, by: -1) {
                for sum in stride(from: total, through: rank, by: -1) where ways[size - 1][sum - rank] != 0 {
                    ways[size][sum] += ways[size - 1][sum - rank]
                }
            }
        }
        let all = ways[chosen].reduce(0, +)
        let tail = ways[chosen][max(0, atLeast)...].reduce(0, +)
        return min(1, tail / all)
    }

    static func normalUpperTail(ranks: [Int], firstCount: Int, secondCount: Int, observed: Int) -> Double {
        let n1 = Double(firstCount)
        let n2 = Double(secondCount)
        let n = n1 + n2
        let mean = n2 * (n + 1) // doubled ranks
        // Tie correction: sum over tie groups of (t^3 - t).
        var groups: [Int: Int] = [:]
        for rank in ranks { groups[rank, default: 0] += 1 }
        let ties = groups.values.reduce(0.0) { $0 + pow(Double($1), 3) - Double($1) }
        let variance = 4 * n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)))
        guard variance > 0 else { return observed > Int(mean) ? 0 : 1 }
        // Continuity correction of half a rank, which is 1 in doubled ranks.
        let z = (Double(observed) - mean - 1) / variance.squareRoot()
        return 0.5 * erfc(z / 2.0.squareRoot())
    }
}
