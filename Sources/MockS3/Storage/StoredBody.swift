// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The bytes of a stored object or part, wherever the storage mode put them.
enum StoredBody: Sendable {
    /// Discard mode: only sizes and hashes were kept.
    case discarded
    case memory([UInt8])
    /// A file the store owns (directory mode).
    case file(String)
    /// A completed multipart object: its parts' bodies in order.
    case composite([StoredBody])

    /// Whether the bytes can be read back.
    var isReadable: Bool {
        switch self {
        case .discarded: false
        case .memory, .file: true
        case .composite(let parts): parts.allSatisfy(\.isReadable)
        }
    }

    /// Frees what the body holds on disk. Called when the store forgets the body.
    func remove() {
        switch self {
        case .file(let path): unlink(path)
        case .composite(let parts): parts.forEach { $0.remove() }
        case .discarded, .memory: break
        }
    }

    /// The pieces that make up `range` (start, end exclusive) of a body of
    /// `size` bytes, for streaming: each is a body and a range within it.
    func slices(_ range: Range<Int64>, sizes: [Int64]) -> [(body: StoredBody, range: Range<Int64>)] {
        guard case .composite(let parts) = self else { return [(self, range)] }
        var result: [(StoredBody, Range<Int64>)] = []
        var offset: Int64 = 0
        for (part, size) in zip(parts, sizes) {
            let start = max(range.lowerBound, offset)
            let end = min(range.upperBound, offset + size)
            if start < end {
                result.append((part, (start - offset)..<(end - offset)))
            }
            offset += size
        }
        return result
    }

    /// Reads up to `count` bytes at `offset` of a memory or file body.
    func read(at offset: Int64, count: Int) -> [UInt8] {
        switch self {
        case .memory(let bytes):
            let start = Int(offset)
            return Array(bytes[start..<min(bytes.count, start + count)])
        case .file(let path):
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return [] }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: count)
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            return got > 0 ? Array(buffer[..<got]) : []
        case .discarded, .composite:
            return []
        }
    }
}
