// SPDX-License-Identifier: Apache-2.0

import Glibc
import Synchronization

/// Names and addresses for one set of namespaces, unique among the runs of
/// this process (tests run in parallel) and, through the process id, among
/// processes: namespaces and root-side veth names are global to the machine.
struct KernelNames: Sendable {
    private static let counter = Atomic<Int>(0)

    let processID: Int32
    let serial: Int
    /// Says whose namespaces these are (a scenario name), for people and tests reading `ip netns list`.
    let label: String

    static func next(label: String) -> KernelNames {
        KernelNames(processID: getpid(), serial: counter.wrappingAdd(1, ordering: .relaxed).oldValue, label: label)
    }

    /// `ub-PID-N-LABEL-ROLE`.
    func namespace(_ role: String) -> String {
        "ub-\(processID)-\(serial)-\(label)-\(role)"
    }

    /// A root-side interface name: `ub` + hex pid + hex serial + role letter,
    /// within the kernel's 15 bytes for pids up to 2^24.
    func rootDevice(_ role: Character) -> String {
        "ub\(String(processID, radix: 16))x\(String(serial % 256, radix: 16))\(role)"
    }

    /// The preferred /28 block in 10.0.0.0/8 for these names (three /30 links
    /// fit in it); `offset` picks another when that one is taken.
    func block(offset: Int) -> UInt32 {
        let index = ((Int(processID) & 0x3FFF) << 6 | (serial & 0x3F)) &+ offset
        return 0x0A00_0000 | UInt32(index & 0xF_FFFF) << 4
    }
}

extension UInt32 {
    /// Dotted IPv4 text.
    var dottedQuad: String {
        [24, 16, 8, 0].map { String((self >> $0) & 0xFF) }.joined(separator: ".")
    }
}
