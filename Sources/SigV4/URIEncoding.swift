// SPDX-License-Identifier: Apache-2.0

/// Percent-encoding as SigV4 defines it for S3: every byte except the unreserved
/// characters `A-Z a-z 0-9 - . _ ~` becomes `%XY` with uppercase hex, over UTF-8 bytes.
///
/// S3 encodes the path once, keeps `/` literal and does not normalise `.`, `..` or `//`:
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
public enum URIEncoding {
    /// Encodes an object path (for example `/bucket/my file.txt`), keeping `/` literal.
    public static func encodePath(_ path: some StringProtocol) -> String {
        var output = [UInt8]()
        output.reserveCapacity(path.utf8.count + 8)
        append(path.utf8, keepingSlash: true, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Encodes a query name or value, or any other single component: `/` becomes `%2F`.
    public static func encodeComponent(_ component: some StringProtocol) -> String {
        var output = [UInt8]()
        output.reserveCapacity(component.utf8.count + 8)
        append(component.utf8, keepingSlash: false, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes `%XY` escapes (either case); with `plusAsSpace`, `+` becomes a space as in form encoding.
    ///
    /// - Returns: The decoded bytes, or nil when a `%` is not followed by two hex digits.
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool) -> [UInt8]? {
        decode(bytes: text.utf8, plusAsSpace: plusAsSpace)
    }

    /// `decode(_:plusAsSpace:)` for a slice of a request target, over its contiguous bytes
    /// (the generic form runs unspecialized when called from other modules).
    public static func decode(_ text: Substring, plusAsSpace: Bool) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode(bytes: $0, plusAsSpace: plusAsSpace) }
    }

    /// `decode(_:plusAsSpace:)` over bytes.
    static func decode(bytes: some Collection<UInt8>, plusAsSpace: Bool) -> [UInt8]? {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                output.append(high << 4 | low)
            case UInt8(ascii: "+") where plusAsSpace:
                output.append(UInt8(ascii: " "))
            default:
                output.append(byte)
            }
        }
        return output
    }

    /// Whether `byte` is an unreserved character (RFC 3986 section 2.3), never encoded.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static let upperHex = Array("0123456789ABCDEF".utf8)

    /// Appends the encoding of `bytes` to `output`.
    static func append(_ bytes: some Sequence<UInt8>, keepingSlash: Bool, to output: inout [UInt8]) {
        for byte in bytes {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(upperHex[Int(byte >> 4)])
                output.append(upperHex[Int(byte & 0x0F)])
            }
        }
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
