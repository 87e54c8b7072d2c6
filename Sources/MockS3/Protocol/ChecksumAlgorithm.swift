// SPDX-License-Identifier: Apache-2.0

import Digest
import HTTPCore

/// The additional checksums of S3 (`x-amz-checksum-*`), base64 of the big-endian digest.
/// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
public enum ChecksumAlgorithm: String, Sendable, CaseIterable {
    case crc32 = "CRC32"
    case crc32c = "CRC32C"
    case crc64nvme = "CRC64NVME"
    case sha1 = "SHA1"
    case sha256 = "SHA256"

    /// The header that carries the value, for example `x-amz-checksum-crc32`.
    public var headerName: String { Self.headerPrefix + rawValue.lowercased() }

    /// The XML element name in list and complete results, for example `ChecksumCRC32`.
    var elementName: String { "Checksum" + rawValue }

    /// Digest length in bytes.
    var byteCount: Int {
        switch self {
        case .crc32, .crc32c: 4
        case .crc64nvme: 8
        case .sha1: 20
        case .sha256: 32
        }
    }

    /// The algorithm named by an `x-amz-checksum-*` header or `x-amz-sdk-checksum-algorithm` value.
    init?(headerName: String) {
        // Every header of every upload is asked; most are ruled out by their first
        // byte (no character but `X` lowercases to `x`), an ASCII name is decided
        // without building lowercased strings (others keep full Unicode lowercasing).
        guard let first = headerName.utf8.first, first | 0x20 == UInt8(ascii: "x") else { return nil }
        if headerName.utf8.allSatisfy({ $0 < 0x80 }) {
            guard headerName.hasPrefixIgnoringASCIICase(Self.headerPrefix),
                  let found = Self.headerNames.first(where: { headerName.equalsIgnoringASCIICase($0.name) })
            else { return nil }
            self = found.algorithm
            return
        }
        let lowered = headerName.lowercased()
        guard let found = Self.allCases.first(where: { $0.headerName == lowered }) else { return nil }
        self = found
    }

    private static let headerPrefix = "x-amz-checksum-"
    private static let headerNames = allCases.map { (algorithm: $0, name: $0.headerName) }

    init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.rawValue.equalsIgnoringCase(name) }) else { return nil }
        self = found
    }
}

/// A running checksum of one algorithm.
struct RunningChecksum: ~Copyable {
    let algorithm: ChecksumAlgorithm
    private var crc32 = CRC32()
    private var crc32c = CRC32C()
    private var crc64 = CRC64NVME()
    private var hash: IncrementalHash?

    init(_ algorithm: ChecksumAlgorithm) {
        self.algorithm = algorithm
        switch algorithm {
        case .sha1: hash = IncrementalHash(.sha1)
        case .sha256: hash = IncrementalHash(.sha256)
        case .crc32, .crc32c, .crc64nvme: hash = nil
        }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        switch algorithm {
        case .crc32: crc32.update(bytes)
        case .crc32c: crc32c.update(bytes)
        case .crc64nvme: crc64.update(bytes)
        case .sha1, .sha256: hash!.update(bytes)
        }
    }

    /// The checksum in S3's form: base64 of the big-endian digest.
    consuming func finalize() -> String {
        switch algorithm {
        case .crc32: return Encoding.base64(crc32.bigEndianBytes)
        case .crc32c: return Encoding.base64(crc32c.bigEndianBytes)
        case .crc64nvme: return Encoding.base64(crc64.bigEndianBytes)
        case .sha1, .sha256: return Encoding.base64(hash.take()!.finalize())
        }
    }
}

extension String {
    fileprivate func equalsIgnoringCase(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
