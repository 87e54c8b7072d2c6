// SPDX-License-Identifier: Apache-2.0

import SigV4

/// A request resolved to an S3 operation: which bucket and key it addresses
/// (path-style or virtual-hosted) and its decoded query.
struct S3Request {
    var operation: S3Operation
    var bucket: String?
    var key: ObjectKey?
    var query: S3Query
    /// Whether the bucket came from the Host header.
    var virtualHosted: Bool

    /// The `Resource` element of errors: the decoded path as S3 shows it.
    var resource: String {
        var path = "/"
        if let bucket { path += bucket }
        if let key { path += "/" + key.string }
        return path
    }
}

/// A decoded query string: parameters in order, `+` read as a space (as
/// form-encoded queries, which is how SDKs write `prefix=` values).
struct S3Query {
    private(set) var pairs: [(name: String, value: String?)] = []

    init(_ raw: Substring?) throws(S3Error) {
        guard let raw, !raw.isEmpty else { return }
        for component in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = component.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = URIEncoding.decode(parts[0], plusAsSpace: true),
                  let nameText = String(validating: name, as: UTF8.self)
            else { throw .invalidURI }
            var value: String?
            if parts.count == 2 {
                guard let bytes = URIEncoding.decode(parts[1], plusAsSpace: true),
                      let text = String(validating: bytes, as: UTF8.self)
                else { throw .invalidURI }
                value = text
            }
            pairs.append((nameText, value))
        }
    }

    /// Whether the parameter is present (with or without a value).
    func has(_ name: String) -> Bool {
        pairs.contains { $0.name == name }
    }

    /// The first value of the parameter; nil when absent or valueless.
    subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value ?? nil
    }

    /// Whether any parameter starts with `prefix`, compared case-insensitively.
    func hasPrefixed(_ prefix: String) -> Bool {
        pairs.contains { $0.name.lowercased().hasPrefix(prefix) }
    }
}
