// SPDX-License-Identifier: Apache-2.0

/// What one end of a veth pair does to the packets it sends: `tc` shapes
/// egress only, so each direction of a link is shaped on its sending end.
struct EgressShape: Sendable, Equatable {
    /// Bits per second (whole frames, headers included); nil is unlimited.
    var bitsPerSecond: UInt64?
    var delayNanoseconds: UInt64
    var jitterNanoseconds: UInt64

    /// Whether the shape needs the `netem` discipline (anything beyond bandwidth).
    var needsNetem: Bool { delayNanoseconds > 0 || jitterNanoseconds > 0 }

    /// The up direction of `profile` (sent by the connecting end), or the down direction.
    init(_ profile: LinkProfile, up: Bool) {
        bitsPerSecond = up ? profile.upBitsPerSecond : profile.downBitsPerSecond
        delayNanoseconds = profile.oneWayDelayNanoseconds
        jitterNanoseconds = profile.jitterNanoseconds
    }

    /// `tc` argument lists that install the shape on `device`; empty when it shapes nothing.
    ///
    /// With a delay, `netem` is the root and `tbf` its child, so packets are
    /// paced first and then held for the delay, as on a long line.
    func tcCommands(device: String) -> [[String]] {
        var commands: [[String]] = []
        var tbfParent = ["root"]
        if needsNetem {
            var netem = ["qdisc", "add", "dev", device, "root", "handle", "1:", "netem", "delay", "\(delayNanoseconds / 1000)us"]
            if jitterNanoseconds > 0 {
                netem += ["\(jitterNanoseconds / 1000)us"]
            }
            // netem's default queue of 1000 packets would drop on any fast link
            // with a long delay; hold at least a bandwidth-delay product.
            netem += ["limit", "100000"]
            commands.append(netem)
            tbfParent = ["parent", "1:1", "handle", "10:"]
        }
        if let bitsPerSecond {
            let latencyMilliseconds = Self.queueMilliseconds + 2 * delayNanoseconds / 1_000_000
            commands.append(["qdisc", "add", "dev", device] + tbfParent + [
                "tbf", "rate", "\(bitsPerSecond)bit", "burst", "\(Self.burstBytes(bitsPerSecond: bitsPerSecond))",
                "latency", "\(latencyMilliseconds)ms",
            ])
        }
        return commands
    }

    /// How long `tbf` may queue a packet before dropping it, beyond the round trip.
    static let queueMilliseconds: UInt64 = 50

    /// The token bucket: 4 ms of the rate, at least 16 KiB so a few full frames
    /// always fit. A larger bucket lets more leave at line speed after a pause,
    /// a smaller one makes the kernel's timer granularity cost throughput.
    static func burstBytes(bitsPerSecond: UInt64) -> UInt64 {
        max(bitsPerSecond / 8 / 250, 16 * 1024)
    }
}
