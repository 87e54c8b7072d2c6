// SPDX-License-Identifier: Apache-2.0

import Digest

/// An MD5 in progress that can be restarted (when libcurl rewinds a body)
/// and finished once; wraps the non-copyable `IncrementalHash`.
struct IncrementalHashBox: ~Copyable {
    private var hash: IncrementalHash?

    init() {
        hash = IncrementalHash(.md5)
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hash!.update(bytes)
    }

    mutating func restart() {
        hash = IncrementalHash(.md5)
    }

    /// The digest; afterwards the box holds a fresh hash.
    mutating func finalize() -> [UInt8] {
        let digest = hash.take()?.finalize() ?? []
        hash = IncrementalHash(.md5)
        return digest
    }
}
