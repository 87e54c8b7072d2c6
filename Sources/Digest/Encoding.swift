// SPDX-License-Identifier: Apache-2.0

/// Hex and base64 forms of digests, as S3 headers carry them.
public enum Encoding {
    /// Lowercase hex, the form of SigV4 hashes and signatures and of S3 ETags.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        // One pass over contiguous bytes straight into the string's storage: this runs
        // several times per verified request (hashes, signatures), so no per-byte
        // generic iteration and no intermediate array.
        if let text = bytes.withContiguousStorageIfAvailable({ hex(UnsafeRawBufferPointer($0)) }) {
            return text
        }
        return Array(bytes).withUnsafeBytes { hex($0) }
    }

    private static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            for (index, byte) in bytes.enumerated() {
                output[2 * index] = hexDigit(byte >> 4)
                output[2 * index + 1] = hexDigit(byte & 0x0F)
            }
            return bytes.count * 2
        }
    }

    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
    }

    /// Decodes hex (either case). Returns nil for odd lengths or non-hex characters.
    public static func bytes(fromHex text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var output = [UInt8]()
        output.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = hexValue(utf8[index]), let low = hexValue(utf8[index + 1]) else { return nil }
            output.append(high << 4 | low)
            index += 2
        }
        return output
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard base64 with padding (RFC 4648, section 4), as in `Content-MD5`.
    public static func base64<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var output = [UInt8]()
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= input.count {
            let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            for shift in [18, 12, 6, 0] {
                output.append(base64Alphabet[Int((group >> UInt32(shift)) & 0x3F)])
            }
            index += 3
        }
        let remaining = input.count - index
        if remaining > 0 {
            var group = UInt32(input[index]) << 16
            if remaining == 2 { group |= UInt32(input[index + 1]) << 8 }
            output.append(base64Alphabet[Int((group >> 18) & 0x3F)])
            output.append(base64Alphabet[Int((group >> 12) & 0x3F)])
            output.append(remaining == 2 ? base64Alphabet[Int((group >> 6) & 0x3F)] : UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes strict standard base64 with padding. Returns nil for anything else.
    public static func bytes(fromBase64 text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 4 == 0 else { return nil }
        var output = [UInt8]()
        output.reserveCapacity(utf8.count / 4 * 3)
        var index = 0
        while index < utf8.count {
            var group: UInt32 = 0
            var padding = 0
            for offset in 0..<4 {
                let character = utf8[index + offset]
                let value: UInt32
                if character == UInt8(ascii: "=") {
                    // Padding is only valid in the last two places of the last group.
                    guard index + 4 == utf8.count, offset >= 2 else { return nil }
                    padding += 1
                    value = 0
                } else {
                    guard padding == 0, let decoded = base64Value(character) else { return nil }
                    value = decoded
                }
                group = group << 6 | value
            }
            output.append(UInt8(group >> 16))
            if padding < 2 { output.append(UInt8((group >> 8) & 0xFF)) }
            if padding < 1 { output.append(UInt8(group & 0xFF)) }
            index += 4
        }
        return output
    }

    private static func base64Value(_ character: UInt8) -> UInt32? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(character - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(character - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(character - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
