// SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

/// Finds out whether this machine can shape links in the kernel, by trying
/// everything kernel mode does in a throwaway namespace.
public enum KernelShapingProbe {
    /// Answers per `needsDelay`: the kernel does not change during a run, and a
    /// probe costs a dozen `ip`/`tc` processes.
    private static let answers = Mutex<[Bool: String?]>([:])

    /// Why kernel shaping cannot be used here, or nil when it can.
    /// - Parameter needsDelay: whether some link has a delay or jitter (needs `netem`).
    /// - Returns: a sentence starting "kernel shaping unavailable: ", or nil.
    public static func unavailableReason(needsDelay: Bool) -> String? {
        if let known = answers.withLock({ $0[needsDelay] }) {
            return known
        }
        let answer = probe(needsDelay: needsDelay).map { "kernel shaping unavailable: \($0)" }
        answers.withLock { $0[needsDelay] = answer }
        return answer
    }

    private static func probe(needsDelay: Bool) -> String? {
        guard hasAdministratorCapabilities() else {
            return "the run is not root (nor has CAP_NET_ADMIN and CAP_SYS_ADMIN)"
        }
        for tool in ["ip", "tc"] where NetworkCommand.path(of: tool) == nil {
            return "`\(tool)` (iproute2) is not installed"
        }
        let names = KernelNames.next(label: "probe")
        let namespace: NetworkNamespace
        do {
            namespace = try NetworkNamespace(name: names.namespace("check"))
        } catch {
            return "network namespaces cannot be created (\(error))"
        }
        defer { namespace.delete() }
        do {
            try namespace.run {}
        } catch {
            return "this process cannot enter a network namespace (\(error))"
        }
        let ns = namespace.name
        do {
            try NetworkCommand.run("ip", ["-n", ns, "link", "add", "p0", "type", "veth", "peer", "name", "p1"])
        } catch {
            return "veth pairs cannot be created (\(error))"
        }
        let bandwidth = EgressShape(LinkProfile(upBitsPerSecond: 1_000_000, downBitsPerSecond: nil, roundTripNanoseconds: 0), up: true)
        do {
            for command in bandwidth.tcCommands(device: "p0") {
                try NetworkCommand.run("tc", ["-n", ns] + command)
            }
        } catch {
            return "the tbf qdisc cannot be added (\(error))"
        }
        guard needsDelay else { return nil }
        do {
            try NetworkCommand.run("tc", ["-n", ns, "qdisc", "add", "dev", "p1", "root", "netem", "delay", "1ms"])
        } catch {
            // tc's words for a discipline the kernel lacks ("Specified qdisc kind is unknown").
            if "\(error)".contains("unknown") {
                return "this kernel has no netem qdisc (links with delay need it)"
            }
            return "the netem qdisc cannot be added (\(error)); links with delay need it"
        }
        return nil
    }

    /// Root, or both capabilities that `ip netns` and `setns` need.
    private static func hasAdministratorCapabilities() -> Bool {
        if geteuid() == 0 { return true }
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }),
              let mask = UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        let netAdmin: UInt64 = 1 << 12
        let sysAdmin: UInt64 = 1 << 21
        return mask & netAdmin != 0 && mask & sysAdmin != 0
    }
}
