// SPDX-License-Identifier: Apache-2.0

/// Header-name comparisons against lowercase names without building lowercased copies.
///
/// The verifier looks up a handful of headers in every request; lowercasing each
/// received name first allocated a string per header per lookup.
enum ASCIICase {
    /// Whether `name`, ASCII-lowercased, equals `lowercase` byte for byte. As with
    /// `CanonicalRequest.lowercased(name) == lowercase`, an uppercase byte in
    /// `lowercase` never matches.
    static func equals(_ name: String, lowercase: String) -> Bool {
        guard name.utf8.count == lowercase.utf8.count else { return false }
        return hasPrefix(name, lowercase: lowercase)
    }

    /// Whether `name`, ASCII-lowercased, starts with `lowercase`.
    static func hasPrefix(_ name: String, lowercase: String) -> Bool {
        var name = name
        var lowercase = lowercase
        return name.withUTF8 { lhs in
            lowercase.withUTF8 { rhs in
                // An indexed loop: zip and allSatisfy cost a closure call per byte,
                // and this runs several times per header of every verified request.
                guard lhs.count >= rhs.count else { return false }
                for index in 0..<rhs.count where lower(lhs[index]) != rhs[index] {
                    return false
                }
                return true
            }
        }
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
