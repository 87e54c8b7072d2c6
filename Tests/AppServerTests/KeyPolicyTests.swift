// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Testing

@Suite struct KeyPolicyTests {
    let policy = try! KeyPolicy(prefix: "uploads/")

    @Test func validKeysAreStoredUnderThePrefix() throws {
        #expect(try policy.storedKey(for: "a.png") == "uploads/a.png")
        #expect(try policy.storedKey(for: "dir/my file.txt") == "uploads/dir/my file.txt")
        #expect(try policy.storedKey(for: "café.txt") == "uploads/café.txt")
        #expect(try policy.storedKey(for: "a..b/c...") == "uploads/a..b/c...")
    }

    @Test(arguments: ["", "..", "../etc/passwd", "a/../../b", "a/./b", "a\u{0}b", "line\nbreak", "tab\there", "del\u{7F}"])
    func invalidKeysAreRefused(key: String) {
        #expect(throws: APIError.self) { try policy.storedKey(for: key) }
    }

    @Test func keysLongerThanS3AllowsWithThePrefixAreRefused() throws {
        let fits = String(repeating: "k", count: 1024 - "uploads/".utf8.count)
        #expect(try policy.storedKey(for: fits).utf8.count == 1024)
        #expect(throws: APIError.self) { try policy.storedKey(for: fits + "k") }
        #expect(throws: APIError.self) { try policy.storedKey(for: String(repeating: "é", count: 600)) }
    }

    @Test func returnedKeysMustStayUnderThePrefix() throws {
        #expect(try policy.confinedKey("uploads/a.bin") == "uploads/a.bin")
        #expect(throws: APIError.self) { try policy.confinedKey("other/a.bin") }
        #expect(throws: APIError.self) { try policy.confinedKey("uploads/../secret") }
        #expect(throws: APIError.self) { try policy.confinedKey("uploads/") }
    }

    @Test func prefixesThatEscapeAreRefused() {
        #expect(throws: ConfigurationError.self) { try KeyPolicy(prefix: "/abs/") }
        #expect(throws: ConfigurationError.self) { try KeyPolicy(prefix: "../up/") }
        #expect((try? KeyPolicy(prefix: "")) != nil)
    }

    @Test func pathKeysArePercentDecodedOnceWithPlusKeptLiteral() {
        #expect(KeyPolicy.percentDecoded("my%20file.txt") == "my file.txt")
        #expect(KeyPolicy.percentDecoded("a+b") == "a+b")
        #expect(KeyPolicy.percentDecoded("a%252Fb") == "a%2Fb")
        #expect(KeyPolicy.percentDecoded("caf%C3%A9") == "café")
        #expect(KeyPolicy.percentDecoded("bad%2") == nil)
        #expect(KeyPolicy.percentDecoded("bad%zz") == nil)
        #expect(KeyPolicy.percentDecoded("%FF") == nil)
    }

    @Test func encodedDotSegmentsAreCaughtAfterDecoding() throws {
        let route = try Route.match(method: "PUT", rawPath: "/upload/%2E%2E/x")
        guard case .proxyUpload(let key) = route else {
            Issue.record("expected the proxy route")
            return
        }
        #expect(throws: APIError.self) { try policy.storedKey(for: key) }
    }
}
