// SPDX-License-Identifier: Apache-2.0

internal import CZlib

/// CRC32 (zlib's polynomial), as S3's `x-amz-checksum-crc32`.
public struct CRC32: Sendable {
    public private(set) var value: UInt32 = 0

    public init() {}

    /// Adds bytes to the checksum.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var remaining = bytes.count
        var pointer = base.assumingMemoryBound(to: UInt8.self)
        // zlib takes a 32-bit length; feed larger buffers in slices.
        while remaining > 0 {
            let slice = min(remaining, 1 << 30)
            value = UInt32(crc32(UInt(value), pointer, UInt32(slice)))
            pointer += slice
            remaining -= slice
        }
    }

    /// The checksum as 4 big-endian bytes, the form S3 base64-encodes.
    public var bigEndianBytes: [UInt8] { value.bigEndianBytes }
}

/// CRC32C (Castagnoli), as S3's `x-amz-checksum-crc32c`.
///
/// zlib has no Castagnoli variant; this is the byte-wise table method over the
/// reflected polynomial 0x82F63B78 (RFC 3720, appendix B.4).
public struct CRC32C: Sendable {
    public private(set) var value: UInt32 = 0

    public init() {}

    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
        }
        return crc
    }

    /// Adds bytes to the checksum.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = ~value
        Self.table.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        value = ~crc
    }

    /// The checksum as 4 big-endian bytes, the form S3 base64-encodes.
    public var bigEndianBytes: [UInt8] { value.bigEndianBytes }
}

extension UInt32 {
    fileprivate var bigEndianBytes: [UInt8] {
        [UInt8(self >> 24), UInt8((self >> 16) & 0xFF), UInt8((self >> 8) & 0xFF), UInt8(self & 0xFF)]
    }
}
