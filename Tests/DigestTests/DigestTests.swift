// SPDX-License-Identifier: Apache-2.0

import Digest
import Testing

// Known answers from ../shared/field-cases.md (body "hello" and the empty body).
@Suite struct DigestTests {
    let hello = Array("hello".utf8)

    @Test func md5OfHelloMatchesTheKnownHexAndBase64() {
        let digest = Hash.md5(hello)
        #expect(Encoding.hex(digest) == "5d41402abc4b2a76b9719d911017c592")
        #expect(Encoding.base64(digest) == "XUFAKrxLKna5cZ2REBfFkg==")
    }

    @Test func sha256OfHelloAndOfNothingMatchKnownValues() {
        #expect(Encoding.hex(Hash.sha256(hello)) == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(Encoding.hex(Hash.sha256([UInt8]())) == Hash.emptySHA256Hex)
    }

    @Test func crc32OfHelloAndOfNothingMatchKnownValues() {
        var crc = CRC32()
        hello.withUnsafeBytes { crc.update($0) }
        #expect(Encoding.base64(crc.bigEndianBytes) == "NhCmhg==")
        #expect(Encoding.base64(CRC32().bigEndianBytes) == "AAAAAA==")
    }

    @Test func crc32cMatchesTheRFC3720CheckValue() {
        // RFC 3720 B.4: 32 bytes of zeros give 0x8A9136AA; "123456789" gives 0xE3069283.
        var zeros = CRC32C()
        [UInt8](repeating: 0, count: 32).withUnsafeBytes { zeros.update($0) }
        #expect(zeros.value == 0x8A91_36AA)
        var digits = CRC32C()
        Array("123456789".utf8).withUnsafeBytes { digits.update($0) }
        #expect(digits.value == 0xE306_9283)
    }

    @Test func incrementalHashingEqualsOneShot() {
        var hash = IncrementalHash(.sha256)
        hash.update(Array("hel".utf8))
        hash.update(Array("lo".utf8))
        #expect(hash.finalize() == Hash.sha256(hello))
    }

    @Test func hmacMatchesRFC4231TestCase2() {
        let mac = HMAC.sha256(key: Array("Jefe".utf8), message: "what do ya want for nothing?")
        #expect(Encoding.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func hmacHashesAKeyLongerThanABlockFirst() {
        // RFC 4231, test case 6: a 131-byte key.
        let mac = HMAC.sha256(
            key: [UInt8](repeating: 0xAA, count: 131),
            message: "Test Using Larger Than Block-Size Key - Hash Key First")
        #expect(Encoding.hex(mac) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func base64RoundTripsAndRejectsMalformedInput() {
        for length in 0..<10 {
            let bytes = (0..<length).map { UInt8($0 * 37 & 0xFF) }
            #expect(Encoding.bytes(fromBase64: Encoding.base64(bytes)) == bytes)
        }
        #expect(Encoding.bytes(fromBase64: "XUFAKrxLKna5cZ2REBfFkg=") == nil)
        // A hex digest sent where base64 belongs decodes, but to 24 bytes, not MD5's 16 (FC-28).
        #expect(Encoding.bytes(fromBase64: "5d41402abc4b2a76b9719d911017c592")?.count == 24)
        #expect(Encoding.bytes(fromBase64: "XU=AKrxLKna5cZ2REBfFkg==") == nil)
    }

    @Test func hexRoundTripsAndRejectsOddLength() {
        #expect(Encoding.bytes(fromHex: "00fFa1") == [0x00, 0xFF, 0xA1])
        #expect(Encoding.bytes(fromHex: "abc") == nil)
        #expect(Encoding.bytes(fromHex: "zz") == nil)
    }
}
