// SPDX-License-Identifier: Apache-2.0

/// Header fields in the order they arrived, with case-insensitive lookup.
///
/// Names keep the case they were sent with (SigV4 canonicalises them itself);
/// values are kept as received, minus the optional whitespace around them
/// (RFC 9110, section 5.5).
public struct HTTPHeaders: Sendable, Hashable {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// The first value for `name`, compared case-insensitively.
    public subscript(_ name: String) -> String? {
        fields.first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }

    /// Every value for `name`, in order of arrival.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.equalsIgnoringASCIICase(name) }.map(\.value)
    }

    /// Whether at least one field is called `name`.
    public func contains(_ name: String) -> Bool {
        fields.contains { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// Makes room for `count` fields, so building a head field by field allocates once.
    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    public mutating func add(name: String, value: String) {
        fields.append((name, value))
    }

    /// Replaces every field called `name` with one field.
    public mutating func replaceOrAdd(name: String, value: String) {
        // removeAll(where:) makes the storage unique even when nothing matches.
        if contains(name) { remove(name: name) }
        fields.append((name, value))
    }

    public mutating func remove(name: String) {
        fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }

    public var count: Int { fields.count }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}

extension HTTPHeaders: Sequence {
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }
}

extension HTTPHeaders: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements.map { (name: $0.0, value: $0.1) })
    }
}

extension StringProtocol {
    /// ASCII case-insensitive equality, the comparison HTTP uses for field names.
    public func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        let lhs = self.utf8
        let rhs = other.utf8
        guard lhs.count == rhs.count else { return false }
        return lhs.elementsEqual(rhs, by: Self.asciiCaseInsensitiveEqual)
    }

    /// Whether the text starts with `prefix`, ignoring ASCII case.
    public func hasPrefixIgnoringASCIICase(_ prefix: some StringProtocol) -> Bool {
        let lhs = self.utf8
        let rhs = prefix.utf8
        guard lhs.count >= rhs.count else { return false }
        return lhs.starts(with: rhs, by: Self.asciiCaseInsensitiveEqual)
    }

    @inline(__always)
    fileprivate static func asciiCaseInsensitiveEqual(_ a: UInt8, _ b: UInt8) -> Bool {
        a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= UInt8(ascii: "a") && (a | 0x20) <= UInt8(ascii: "z"))
    }
}

// Concrete `String` forms of the comparisons above: other modules call these per
// header per request, and the generic forms run unspecialized across modules.
extension String {
    /// ASCII case-insensitive equality, the comparison HTTP uses for field names.
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        utf8.count == other.utf8.count && hasPrefixIgnoringASCIICase(other)
    }

    /// Whether the text starts with `prefix`, ignoring ASCII case.
    public func hasPrefixIgnoringASCIICase(_ prefix: String) -> Bool {
        var text = self
        var prefix = prefix
        return text.withUTF8 { lhs in
            prefix.withUTF8 { rhs in
                lhs.count >= rhs.count && zip(lhs, rhs).allSatisfy(Self.asciiCaseInsensitiveEqual)
            }
        }
    }
}
