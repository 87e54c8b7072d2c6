// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation
import SigV4

/// Reads the vectors shipped as the `Vectors` resource of this test target.
enum Vectors {
    static var root: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Vectors")
    }

    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(relativePath))
    }

    static func text(_ relativePath: String) throws -> String {
        String(decoding: try data(relativePath), as: UTF8.self)
    }

    /// The subfolders of `relativePath`, sorted.
    static func folders(_ relativePath: String) throws -> [String] {
        let url = root.appendingPathComponent(relativePath)
        return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return exists && isDirectory.boolValue
        }.sorted()
    }
}

/// An HTTP request as written in the test-suite files (`GET /path HTTP/1.1`, headers, blank line, body).
struct VectorRequest {
    var method: String
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// How a line starting with whitespace (an obsolete header fold) is read.
    enum Fold {
        /// As part of the previous header's value (aws-c-auth's reading).
        case continuation
        /// As another value of the previous header (the classic suite's reading).
        case repeatedHeader
    }

    init(_ text: String, fold: Fold) {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        let (head, body) = normalised.range(of: "\n\n").map {
            (String(normalised[..<$0.lowerBound]), String(normalised[$0.upperBound...]))
        } ?? (normalised, "")
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst()
        // The target may contain spaces (`/example space/`): the method is the first word,
        // the version the last.
        let firstSpace = requestLine.firstIndex(of: " ")!
        let lastSpace = requestLine.lastIndex(of: " ")!
        method = String(requestLine[..<firstSpace])
        target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        headers = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", let last = headers.last {
                switch fold {
                case .continuation: headers[headers.count - 1].value += "\n" + line
                case .repeatedHeader: headers.append((name: last.name, value: line))
                }
                continue
            }
            let colon = line.firstIndex(of: ":")!
            headers.append((name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
        }
        self.body = Array(body.utf8)
    }

    var path: Substring { target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0] }

    var rawQuery: Substring? {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count > 1 ? parts[1] : nil
    }

    /// The decoded query parameters, the signer's input.
    var queryParameters: [(name: String, value: String)] {
        guard let rawQuery else { return [] }
        return rawQuery.split(separator: "&").map { piece in
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: percentDecoded(parts[0]), value: parts.count > 1 ? percentDecoded(parts[1]) : "")
        }
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// The verifier's canonical request for a signed request file, given the expected
/// canonical request (whose second-to-last line lists the signed headers).
func verifierCanonicalRequest(_ request: VectorRequest, expected: String) throws -> String {
    let signedHeaders = expected.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last!
    return try CanonicalRequest(
        receivedMethod: request.method, rawPath: request.path, rawQuery: request.rawQuery,
        headers: request.headers, signedHeaders: signedHeaders.split(separator: ";").map(String.init),
        payloadHash: Encoding.hex(Hash.sha256(request.body))
    ).text
}

func percentDecoded(_ text: some StringProtocol) -> String {
    String(decoding: URIEncoding.decode(text, plusAsSpace: false)!, as: UTF8.self)
}

/// Credentials and time shared by both AWS test suites.
enum SuiteInputs {
    static let credentials = Credentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = AMZDate.date(from: "20150830T123600Z")!
    static let region = "us-east-1"
    static let service = "service"
}
