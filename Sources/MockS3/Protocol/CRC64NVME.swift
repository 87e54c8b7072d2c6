// SPDX-License-Identifier: Apache-2.0

/// CRC-64/NVME, S3's `x-amz-checksum-crc64nvme` (the default of recent SDKs
/// that have the CRT). Reflected polynomial 0x9A6C9329AC4BC9B5, initial value
/// and final XOR all ones; check value of "123456789" is 0xAE8B14860A799888.
struct CRC64NVME: Sendable {
    private(set) var value: UInt64 = 0

    private static let table: [UInt64] = (0..<256).map { index in
        var crc = UInt64(index)
        for _ in 0..<8 {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x9A6C_9329_AC4B_C9B5 : crc >> 1
        }
        return crc
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = ~value
        Self.table.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = table[Int((crc ^ UInt64(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        value = ~crc
    }

    var bigEndianBytes: [UInt8] {
        (0..<8).map { UInt8((value >> (56 - 8 * UInt64($0))) & 0xFF) }
    }
}
