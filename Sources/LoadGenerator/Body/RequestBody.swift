// SPDX-License-Identifier: Apache-2.0

/// What a request sends: nothing, a small buffer (JSON), or a generated
/// range of an object, optionally framed by bytes before and after it (a
/// multipart/form-data POST with the file last).
struct RequestBody {
    /// A generated range of upload `index`'s body.
    struct Generated {
        var index: Int
        var offset: Int
        var length: Int
        /// Whether to MD5 the range while sending it.
        var hashed: Bool
    }

    var prefix: [UInt8]
    var generated: Generated?
    var suffix: [UInt8]

    static let empty = RequestBody(prefix: [], generated: nil, suffix: [])

    static func bytes(_ bytes: [UInt8]) -> RequestBody {
        RequestBody(prefix: bytes, generated: nil, suffix: [])
    }

    static func generated(_ range: Generated) -> RequestBody {
        RequestBody(prefix: [], generated: range, suffix: [])
    }

    var length: Int {
        prefix.count + (generated?.length ?? 0) + suffix.count
    }

    var isEmpty: Bool { length == 0 }
}
