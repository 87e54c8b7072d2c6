// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics
import NetworkModel

extension Testbed {
    /// The load generator's component name in `cpu` (the runner sets it on every generator).
    static let loadGeneratorComponent = "loadgen"

    /// The components whose saturation makes the harness, not the architecture, the limit,
    /// with their names in `cpu`.
    static let harnessComponents: [(MachineLoad.HarnessComponent, String)] = [
        (.loadGenerator, loadGeneratorComponent), (.linkEmulator, LinkEmulator.cpuComponent), (.mockS3, s3Component),
    ]

    /// The `serve` children of this testbed (mock S3, app server), in child-process mode.
    var childProcessIDs: [Int32] {
        [s3Process?.pid, (app as? ChildApp)?.process.pid].compactMap { $0 }
    }

    /// CPU nanoseconds used so far by the runner and its `serve` children, all threads together.
    func ownCPUNanoseconds() -> UInt64 {
        ([getpid()] + childProcessIDs).reduce(0) { $0 + (ProcessCPU.nanoseconds(pid: $1) ?? 0) }
    }

    /// CPU nanoseconds of each of `component`'s threads so far: the child's
    /// threads for a mock S3 in a child process, the registered threads otherwise.
    func threadCPUNanoseconds(_ component: String) -> [Int32: UInt64] {
        if component == Self.s3Component, let s3Process {
            return ProcessCPU.threadNanoseconds(pid: s3Process.pid)
        }
        return cpu.threadNanoseconds(for: component)
    }
}
