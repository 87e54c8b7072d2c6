// SPDX-License-Identifier: Apache-2.0

internal import CCurl
@testable import LoadGenerator
import Testing

@Suite("URLs handed to libcurl parsed")
struct CurlURLTests {
    /// The URL libcurl prints from the handle.
    private func held(_ url: CurlURL) throws -> String {
        var text: UnsafeMutablePointer<CChar>?
        #expect(curl_url_get(url.handle, CURLUPART_URL, &text, 0) == CURLUE_OK)
        let printed = String(cString: try #require(text))
        curl_free(text)
        return printed
    }

    @Test("a URL on the same scheme, host and port only changes its path and query; the handle holds it exactly")
    func samePathAndQuery() throws {
        let url = try CurlURL()
        for text in [
            "http://127.0.0.1:9000/bench/lg1",
            "http://127.0.0.1:9000/bench/lg2?uploadId=7&partNumber=2",
            "http://127.0.0.1:9000/s3/uploads/a%20b?X-Amz-Signature=abc&X-Amz-Expires=60",
            "http://127.0.0.1:9000/bench/lg3",
            "http://127.0.0.1:9001/upload/key",
            "http://localhost:9001/upload/key?x=1",
        ] {
            #expect(url.update(text))
            #expect(try held(url) == text)
        }
    }

    @Test("URLs libcurl's parser could change are left to it")
    func leftToLibcurl() throws {
        let url = try CurlURL()
        for text in [
            "http://127.0.0.1:9000/a/../b", "http://127.0.0.1:9000/./a", "http://127.0.0.1:9000/a/.",
            "http://127.0.0.1:9000/a b", "http://127.0.0.1:9000/a#part", "http://127.0.0.1:9000/a?",
            "http://127.0.0.1:9000?x=1", "http://127.0.0.1:9000", "http://127.0.0.1:9000/caf\u{e9}", "127.0.0.1:9000/a",
        ] {
            #expect(!url.update(text), "\(text)")
        }
        // A dot inside a segment and `/.` in the query are kept as they are.
        #expect(url.update("http://127.0.0.1:9000/a.b/c..d?next=/./x"))
        #expect(try held(url) == "http://127.0.0.1:9000/a.b/c..d?next=/./x")
    }

    @Test("requests whose URLs take turns between parsed and libcurl-parsed forms reach the right paths")
    func mixedRequests() throws {
        let server = try FakeServer()
        defer { server.stop() }
        // One user: the same handle sends plain keys, a key with a dot segment (which
        // libcurl resolves, as before) and keys that need escapes.
        let keys = ["plain-1", "dir/../dotted", "space key", "plain-2"]
        let plan = keys.enumerated().map { PlannedUpload(index: $0, key: $1, size: 500, architecture: .directPut) }
        let run = runAgainst(server, plan) { $0.shape = .closed(concurrency: 1) }
        #expect(run.records.allSatisfy { $0.status == .ok && $0.verified })
        #expect(Set(server.stored().keys) == ["plain-1", "dotted", "space key", "plain-2"])
    }
}
