// SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

/// CPU time per component (app server, mock S3, load generator) of one process.
///
/// Each component's threads register their kernel thread ids here; CPU time is
/// read from `/proc/self/task/TID/schedstat` (nanoseconds on CPU, user and
/// system together). A thread that has exited cannot be read any more, so a
/// component reports its threads' last reading before they exit with
/// `recordExit(threadID:)`.
public final class ComponentCPU: Sendable {
    private struct State {
        var threads: [String: Set<Int32>] = [:]
        var exitedNanoseconds: [String: UInt64] = [:]
        // Kept per thread as well, so a thread that ran flat out and exited still shows as saturated.
        var exitedThreads: [String: [Int32: UInt64]] = [:]
    }

    private let state = Mutex(State())

    /// How the figures are measured, for reports.
    public static let method = "per-thread CPU from /proc/self/task/TID/schedstat (user+system, ns)"

    public init() {}

    /// Adds a thread to `component`.
    public func register(component: String, threadID: Int32) {
        _ = state.withLock { $0.threads[component, default: []].insert(threadID) }
    }

    /// Moves a thread's final CPU time into its component's total; call from
    /// the thread just before it exits.
    public func recordExit(threadID: Int32) {
        let used = Self.threadCPUNanoseconds(threadID) ?? 0
        state.withLock { state in
            for (component, threads) in state.threads where threads.contains(threadID) {
                state.threads[component]?.remove(threadID)
                state.exitedNanoseconds[component, default: 0] += used
                state.exitedThreads[component, default: [:]][threadID, default: 0] += used
            }
        }
    }

    /// CPU nanoseconds used so far by `component`'s threads.
    public func nanoseconds(for component: String) -> UInt64 {
        let (threads, exited) = state.withLock { ($0.threads[component] ?? [], $0.exitedNanoseconds[component] ?? 0) }
        return threads.reduce(exited) { $0 + (Self.threadCPUNanoseconds($1) ?? 0) }
    }

    /// CPU nanoseconds used so far by each of `component`'s threads, by
    /// thread id, exited threads included (with their last reading).
    public func threadNanoseconds(for component: String) -> [Int32: UInt64] {
        let (threads, exited) = state.withLock { ($0.threads[component] ?? [], $0.exitedThreads[component] ?? [:]) }
        var result = exited
        for threadID in threads {
            // A reused thread id adds to the exited thread's figure, which the window's start reading also holds.
            result[threadID, default: 0] += Self.threadCPUNanoseconds(threadID) ?? 0
        }
        return result
    }

    /// CPU nanoseconds per component.
    public func snapshot() -> [String: UInt64] {
        let names = state.withLock { Set($0.threads.keys).union($0.exitedNanoseconds.keys) }
        return Dictionary(uniqueKeysWithValues: names.map { ($0, nanoseconds(for: $0)) })
    }

    /// The first field of `/proc/self/task/TID/schedstat`: time spent on a CPU, in nanoseconds.
    public static func threadCPUNanoseconds(_ threadID: Int32) -> UInt64? {
        ProcessCPU.schedstatNanoseconds("/proc/self/task/\(threadID)/schedstat")
    }
}
