// SPDX-License-Identifier: Apache-2.0

import Digest
import Testing

@Suite struct XMLEscapingTests {
    @Test func markupCharactersBecomeEntitiesAndPlainTextIsUnchanged() {
        #expect(Encoding.xmlEscaped("a/b c.bin") == "a/b c.bin")
        #expect(Encoding.xmlEscaped(#"<wan & "lossy" 'x'>"#) == "&lt;wan &amp; &quot;lossy&quot; &apos;x&apos;&gt;")
        #expect(Encoding.xmlEscaped("é\u{10000}\t\n") == "é\u{10000}\t\n")
    }

    @Test func charactersXMLCannotHoldBecomeTheReplacementCharacter() {
        #expect(Encoding.xmlEscaped("a\u{0}b\u{1}c\u{1F}d") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d")
        #expect(Encoding.xmlEscaped("\u{FFFE}\u{FFFF}\u{FFFD}") == "\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(Encoding.xmlEscaped("a\rb") == "a&#13;b")
    }
}
