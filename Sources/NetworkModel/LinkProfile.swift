// SPDX-License-Identifier: Apache-2.0

/// The behaviour of one network link: bandwidth each way, one-way delay and jitter.
///
/// "Up" is the direction from the connecting side (the client of the link) to
/// the accepting side; "down" is the way back.
public struct LinkProfile: Sendable, Hashable, Codable {
    /// Bits per second from the connecting side; nil means unlimited.
    public var upBitsPerSecond: UInt64?
    /// Bits per second towards the connecting side; nil means unlimited.
    public var downBitsPerSecond: UInt64?
    /// Half the round-trip time, in nanoseconds.
    public var oneWayDelayNanoseconds: UInt64
    /// Each chunk's delay varies uniformly by up to this much, in nanoseconds
    /// (never reordering bytes: a chunk is not delivered before the one ahead of it).
    public var jitterNanoseconds: UInt64

    public init(
        upBitsPerSecond: UInt64?,
        downBitsPerSecond: UInt64?,
        roundTripNanoseconds: UInt64,
        jitterNanoseconds: UInt64 = 0
    ) {
        self.upBitsPerSecond = upBitsPerSecond
        self.downBitsPerSecond = downBitsPerSecond
        self.oneWayDelayNanoseconds = roundTripNanoseconds / 2
        self.jitterNanoseconds = jitterNanoseconds
    }

    /// The round-trip time this link adds, in nanoseconds.
    public var roundTripNanoseconds: UInt64 { oneWayDelayNanoseconds * 2 }

    /// Whether the link changes nothing (then no emulator is needed).
    public var isTransparent: Bool {
        upBitsPerSecond == nil && downBitsPerSecond == nil && oneWayDelayNanoseconds == 0 && jitterNanoseconds == 0
    }

    /// No shaping at all: the connection goes straight to its target.
    public static let loopback = LinkProfile(upBitsPerSecond: nil, downBitsPerSecond: nil, roundTripNanoseconds: 0)
}
