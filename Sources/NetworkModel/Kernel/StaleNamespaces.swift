// SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

/// Deletes namespaces that a killed run left behind: `ub-PID-...` whose
/// process is gone. Teardown handles every ending but SIGKILL and crashes.
enum StaleNamespaces {
    private static let swept = Atomic<Bool>(false)

    /// Sweeps once per process, before its first namespaces are made.
    static func sweepOnce() {
        guard !swept.exchange(true, ordering: .relaxed) else { return }
        let listing = (try? NetworkCommand.run("ip", ["netns", "list"])) ?? ""
        for line in listing.split(separator: "\n") {
            guard let name = line.split(separator: " ").first, let owner = owner(of: name),
                  !FileManager.default.fileExists(atPath: "/proc/\(owner)") else { continue }
            // A deleted namespace takes its veth ends and their root-side peers with it.
            _ = try? NetworkCommand.run("ip", ["netns", "delete", String(name)])
        }
    }

    /// The process id in a name `KernelNames` made, or nil for anyone else's namespace.
    static func owner(of name: Substring) -> Int32? {
        let parts = name.split(separator: "-")
        guard parts.count >= 4, parts[0] == "ub" else { return nil }
        return Int32(parts[1])
    }
}
