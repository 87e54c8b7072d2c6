// SPDX-License-Identifier: Apache-2.0

import SigV4

/// Validates client keys and confines them under the configured prefix.
///
/// A client key is relative; the stored key is `prefix + key`. Keys are
/// refused when empty, when a `/`-separated segment is `..` or `.`, when they
/// contain control characters, or when the stored key exceeds S3's 1024 bytes.
public struct KeyPolicy: Sendable, Hashable {
    /// Prepended to every client key (may be empty).
    public let prefix: String

    /// S3's limit on a key's UTF-8 length.
    public static let maxKeyBytes = 1024

    /// - Throws: `ConfigurationError` when the prefix itself is not a valid key part.
    public init(prefix: String) throws {
        self.prefix = prefix
        if !prefix.isEmpty {
            guard Self.problem(in: prefix) == nil, !prefix.hasPrefix("/") else {
                throw ConfigurationError.invalid(
                    "The key prefix '\(prefix)' must not start with '/', contain '.' or '..' segments or control characters."
                )
            }
        }
    }

    /// The full S3 key for a client key.
    /// - Throws: `APIError.invalidKey` saying what is wrong.
    public func storedKey(for key: String) throws(APIError) -> String {
        if let problem = Self.problem(in: key) {
            throw .invalidKey(problem)
        }
        let stored = prefix + key
        guard stored.utf8.count <= Self.maxKeyBytes else {
            throw .invalidKey("the key is longer than \(Self.maxKeyBytes) bytes with its prefix")
        }
        return stored
    }

    /// Accepts a full key the app server handed out earlier (multipart and confirm routes
    /// receive keys as returned), as long as it is under the prefix and valid.
    /// - Throws: `APIError.invalidKey`.
    public func confinedKey(_ key: String) throws(APIError) -> String {
        guard key.hasPrefix(prefix) else {
            throw .invalidKey("the key is outside the prefix '\(prefix)'")
        }
        _ = try storedKey(for: String(key.dropFirst(prefix.count)))
        return key
    }

    /// Why `key` is not acceptable, or nil.
    private static func problem(in key: String) -> String? {
        if key.isEmpty { return "the key is empty" }
        for scalar in key.unicodeScalars where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            return "the key contains control characters"
        }
        for segment in key.split(separator: "/", omittingEmptySubsequences: false)
        where segment == ".." || segment == "." {
            return "the key contains a '\(segment)' segment"
        }
        if key.utf8.count > maxKeyBytes { return "the key is longer than \(maxKeyBytes) bytes" }
        return nil
    }

    /// Decodes the percent-encoded key of a request path (`+` stays a plus, field case FC-2).
    /// - Returns: nil when an escape is malformed or the bytes are not UTF-8.
    public static func percentDecoded(_ raw: Substring) -> String? {
        URIEncoding.decode(raw, plusAsSpace: false).flatMap { String(validating: $0, as: UTF8.self) }
    }
}
