// SPDX-License-Identifier: Apache-2.0

/// Measures several contenders in alternating rounds.
///
/// One long window per contender lets background load that drifts during a
/// run (another build starting on a shared machine, say) fall on one side of
/// a ratio only. Short rounds whose order flips every time (A B, B A, A B)
/// spread such drift over every contender, and a median over the rounds drops
/// the round that a burst spoiled.
enum Interleaved {
    /// Measures every one of `contenders` `rounds` times, reversing the order on odd rounds.
    /// - Parameter measure: measures one contender in one round (numbered from 1).
    /// - Returns: each contender's results, in round order.
    static func run<Contender, Value>(
        rounds: Int, _ contenders: [Contender], measure: (Contender, Int) throws -> Value
    ) rethrows -> [(contender: Contender, results: [Value])] {
        var results = Array(repeating: [Value](), count: contenders.count)
        for round in 0..<rounds {
            let order = round % 2 == 0 ? Array(contenders.indices) : contenders.indices.reversed()
            for index in order {
                results[index].append(try measure(contenders[index], round + 1))
            }
        }
        return Array(zip(contenders, results)).map { (contender: $0, results: $1) }
    }

    /// The median over rounds of `harness[round] / anchor[round]`, for rounds where both
    /// are positive; nil when there is none. Round `i` of each was measured back to back.
    static func pairedRatio(_ harness: [Double], _ anchor: [Double]) -> Double? {
        let ratios = zip(harness, anchor).compactMap { $1 > 0 && $0 >= 0 ? $0 / $1 : nil }
        return ratios.isEmpty ? nil : median(ratios)
    }

    /// `pairedRatio` of one figure of two contenders' rounds; nil when either was not measured.
    static func pairedRatio<Round>(_ harness: [Round]?, _ anchor: [Round]?, _ figure: KeyPath<Round, Double>) -> Double? {
        guard let harness, let anchor else { return nil }
        return pairedRatio(harness.map { $0[keyPath: figure] }, anchor.map { $0[keyPath: figure] })
    }

    /// The median of `values` (the mean of the middle two for an even count), NaN when empty.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
