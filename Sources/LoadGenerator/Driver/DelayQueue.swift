// SPDX-License-Identifier: Apache-2.0

/// Exchanges waiting for their time (backoff, added link delay), earliest first: a binary min-heap.
struct DelayQueue {
    struct Entry {
        var due: UInt64
        var exchange: Exchange
        var flow: UploadFlow
    }

    fileprivate var heap: [Entry] = []

    var isEmpty: Bool { heap.isEmpty }
    var nextDue: UInt64? { heap.first?.due }

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry if it is due at `now`.
    mutating func popDue(_ now: UInt64) -> Entry? {
        guard let first = heap.first, first.due <= now else { return nil }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count, heap[right].due < heap[smallest].due { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }

    mutating func removeAll() {
        heap.removeAll()
    }
}

extension DelayQueue {
    /// Drops every entry of `flow` (an upload that ended early).
    /// - Returns: how many were dropped.
    mutating func removeAll(of flow: UploadFlow) -> Int {
        let before = heap.count
        let kept = heap.filter { $0.flow !== flow }
        heap.removeAll()
        for entry in kept { push(entry) }
        return before - kept.count
    }

    /// The flows of all entries.
    var flows: [UploadFlow] { heap.map(\.flow) }
}
