// SPDX-License-Identifier: Apache-2.0

import NetworkModel
import Scenario

/// What shapes a cell's links, decided once before its runs: the scenario's
/// `network.shaping` against what this machine and the cell's set-up allow.
enum LinkShapingChoice: Sendable, Equatable {
    /// The in-process link emulator; `fallback` says why the kernel was not
    /// used when the scenario left the choice to the run.
    case emulator(fallback: String?)
    /// `tc` disciplines on veth pairs between network namespaces.
    case kernel

    /// - Parameters:
    ///   - probe: why the kernel cannot shape (given whether a link has delay), or nil.
    /// - Throws: `KernelShapingError` when the scenario demands the kernel and it cannot.
    static func decide(
        _ network: NetworkModel,
        s3: S3Target,
        childProcesses: Bool,
        probe: (Bool) -> String? = KernelShapingProbe.unavailableReason(needsDelay:)
    ) throws -> LinkShapingChoice {
        // Nothing to shape: the emulator path starts no relays either.
        guard network.shaping != .emulator, network.links.contains(where: { !$0.link.isLoopback }) else {
            return .emulator(fallback: nil)
        }
        let reason = setupReason(s3: s3, childProcesses: childProcesses) ?? probe(network.hasDelay)
        guard let reason else {
            return .kernel
        }
        if network.shaping == .kernel {
            throw KernelShapingError.unavailable(reason)
        }
        return .emulator(fallback: "\(reason); using the in-process emulator")
    }

    /// Why this cell's set-up, not the machine, rules the kernel out.
    private static func setupReason(s3: S3Target, childProcesses: Bool) -> String? {
        if case .endpoint = s3 {
            return "kernel shaping unavailable: the S3 target is an endpoint outside this run's network namespaces"
        }
        if childProcesses {
            return "kernel shaping unavailable: it places the in-process servers in namespaces, "
                + "and \"process\": \"child-processes\" is not supported with it yet"
        }
        return nil
    }

    /// How the report's method line names the mechanism.
    var method: String {
        switch self {
        case .emulator(let fallback):
            "in-process link emulator (bandwidth shared by each client's connections and by the app server's"
                + (fallback.map { "; \($0)" } ?? "") + ")"
        case .kernel:
            "kernel shaping (tc tbf for bandwidth, netem for delay, on veth pairs between network namespaces; "
                + "each link's bandwidth is shared by all its connections)"
        }
    }
}
