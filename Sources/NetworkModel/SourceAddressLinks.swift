// SPDX-License-Identifier: Apache-2.0

/// One link's serialisers, a pair per source address of its connections. Loop-bound.
///
/// A real client's connections all cross its one access link, so they share
/// its bandwidth; the load generator gives each simulated client its own
/// loopback address so that the emulator can tell them apart. Connections
/// from the app server (all from 127.0.0.1) therefore share one pair too,
/// as a server's connections share its network interface.
final class SourceAddressLinks {
    /// Both directions for one source address.
    struct Pair {
        /// From the connecting side.
        let up: LinkSerialiser
        /// Towards the connecting side.
        let down: LinkSerialiser
    }

    private let profile: LinkProfile
    private var entries: [UInt32: (pair: Pair, connections: Int)] = [:]

    init(profile: LinkProfile) {
        self.profile = profile
    }

    /// The serialisers for a new connection from `address` (IPv4, network byte order).
    func acquire(_ address: UInt32) -> Pair {
        if let entry = entries[address] {
            entries[address] = (entry.pair, entry.connections + 1)
            return entry.pair
        }
        let pair = Pair(
            up: LinkSerialiser(bitsPerSecond: profile.upBitsPerSecond),
            down: LinkSerialiser(bitsPerSecond: profile.downBitsPerSecond)
        )
        entries[address] = (pair, 1)
        return pair
    }

    /// Forgets `address` once its last connection has closed, so the table
    /// stays as small as the set of clients with open connections.
    func release(_ address: UInt32) {
        guard let entry = entries[address] else { return }
        entries[address] = entry.connections > 1 ? (entry.pair, entry.connections - 1) : nil
    }
}

@available(*, unavailable)
extension SourceAddressLinks: Sendable {}
