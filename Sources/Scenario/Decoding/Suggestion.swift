// SPDX-License-Identifier: Apache-2.0

/// "Did you mean" hints for misspelt field names and choices.
enum Suggestion {
    /// The closest candidate within a small edit distance, as ` (did you mean "x"?)`, or "".
    static func hint(for word: String, among candidates: [String]) -> String {
        let lowered = word.lowercased()
        let scored = candidates.map { ($0, distance(Array(lowered), Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else {
            return ""
        }
        let limit = max(1, min(3, best.0.count / 3))
        return best.1 <= limit ? " (did you mean \"\(best.0)\"?)" : ""
    }

    /// Levenshtein distance.
    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
