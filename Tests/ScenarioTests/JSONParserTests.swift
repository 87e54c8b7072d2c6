// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import Scenario

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParser.SyntaxError) -> JSONValue {
        var parser = JSONParser(Array(text.utf8))
        return try parser.parseDocument()
    }

    @Test func commentsAndTrailingCommasAreAccepted() throws {
        let value = try parse("""
            // leading comment
            { /* inline */ "a": [1, 2,], // trailing
              "b": { "c": "x", }, }
            """)
        guard case .object(let members) = value.kind else {
            Issue.record("expected an object")
            return
        }
        #expect(members.map(\.key) == ["a", "b"])
        #expect(members.map(\.line) == [2, 3])
        #expect(members[0].value.kind == .array([JSONValue(kind: .number("1"), line: 2), JSONValue(kind: .number("2"), line: 2)]))
    }

    @Test func stringEscapesDecode() throws {
        let value = try parse(#"["a\"b\\c\/\n\t\u00e9\ud83d\ude00"]"#)
        #expect(value.kind == .array([JSONValue(kind: .string("a\"b\\c/\n\té😀"), line: 1)]))
    }

    @Test func numbersKeepTheirText() throws {
        #expect(try parse("-1.5e3").kind == .number("-1.5e3"))
        #expect(try parse("0").kind == .number("0"))
    }

    @Test(arguments: [
        ("{\"a\": 01}", 1, 7, "numbers must not have leading zeros"),
        ("{\"a\": 1", 1, 8, #"unexpected end of file; expected "," or "}""#),
        ("[1 2]", 1, 4, #"unexpected "2"; expected "," or "]""#),
        ("{\"a\": tru}", 1, 7, "unexpected \"t\"; expected a value"),
        ("{} x", 1, 4, "after the end of the document"),
        ("/* open", 1, 1, "unterminated /* comment"),
        ("{\n\n  \"a\": \"x\ny\"}", 3, 10, "control character in a string"),
        ("{\"é\": 1, \"é\": 2}", 1, 10, #"duplicate field "é""#),
        ("   ", 1, 4, "the file is empty"),
    ] as [(String, Int, Int, String)])
    func syntaxErrorsArePlaced(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParser.SyntaxError.self) { try parse(text) }
    }
}
