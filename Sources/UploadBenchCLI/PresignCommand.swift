// SPDX-License-Identifier: Apache-2.0

import Foundation
import SigV4

extension Command {
    /// `upload-bench presign`: prints a presigned URL.
    static let presign = Command(
        name: "presign",
        summary: "Print a presigned S3 URL (SigV4 query-string authentication).",
        help: """
            Print a presigned S3 URL (SigV4 query-string authentication).

            Usage: upload-bench presign --method METHOD --url URL [options]

            Options:
              --method METHOD             HTTP method the URL is for (PUT, GET, ...).
              --url URL                   http(s)://host[:port]/bucket/key (path-style) or
                                          http(s)://bucket.host[:port]/key (virtual-hosted).
              --expires SECONDS           Validity, 1 to 604800 (7 days). Default: 3600.
              --date YYYYMMDDTHHMMSSZ     Signing time in UTC. Default: now.
              --header 'name: value'      A header to sign; the client must send it as given.
                                          Repeatable. 'Host: ...' (once) signs that Host
                                          instead of the URL's; the URL printed is unchanged.
              --region REGION             Default: $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1.
              --access-key-id ID          Default: $AWS_ACCESS_KEY_ID.
              --secret-access-key KEY     Default: $AWS_SECRET_ACCESS_KEY.
              --session-token TOKEN       Default: $AWS_SESSION_TOKEN (only with keys from the environment).
              --help                      Show this help.

            Prints the URL on standard output.

            Example:
              upload-bench presign --method PUT --url 'http://127.0.0.1:9000/bucket/my file.txt' --expires 600
            """,
        run: { arguments, environment in
            let options = try PresignOptions(&arguments, environment: environment)
            let presigned: PresignedRequest
            do {
                presigned = try Signer(credentials: options.credentials, region: options.region).presign(
                    method: options.method, host: options.host, path: options.url.path, query: options.url.query,
                    headers: options.headers, expires: options.expires, date: options.date)
            } catch let error as SigningError {
                throw CommandLineError.usage(error.message)
            }
            Console.out(presigned.url(scheme: options.url.scheme, authority: options.url.authority))
            return 0
        }
    )
}

/// The validated options of `presign`.
private struct PresignOptions {
    var method: String
    var url: RequestURL
    var host: String
    var headers: [(name: String, value: String)]
    var expires: Int
    var date: Date
    var region: String
    var credentials: Credentials

    init(_ arguments: inout Arguments, environment: [String: String]) throws(CommandLineError) {
        guard let method = try arguments.value(of: "--method") else {
            throw .usage("Pass the HTTP method with --method, for example --method PUT.")
        }
        guard !method.isEmpty, method.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            throw .usage("The method must be an uppercase HTTP method such as PUT or GET; got '\(method)'.")
        }
        self.method = method

        guard let urlText = try arguments.value(of: "--url") else {
            throw .usage("Pass the object URL with --url, for example --url http://127.0.0.1:9000/bucket/key.")
        }
        url = try RequestURL(urlText)
        host = url.hostHeader
        headers = []
        var hostGiven = false
        for header in try arguments.values(of: "--header") {
            let parsed = try Self.header(header)
            guard parsed.name.lowercased() == "host" else {
                headers.append(parsed)
                continue
            }
            // The URL is signed for exactly one Host; a second or an empty one would be dropped or signed unusable.
            guard !hostGiven else { throw .usage("Pass 'Host: ...' at most once; it replaces the URL's host when signing.") }
            guard !parsed.value.isEmpty else {
                throw .usage("'Host:' needs a value, as in --header 'Host: bucket.example.com'.")
            }
            host = parsed.value
            hostGiven = true
        }

        expires = try Self.expires(try arguments.value(of: "--expires"))
        date = try Self.date(try arguments.value(of: "--date"))
        region = try arguments.value(of: "--region")
            ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
        guard !region.isEmpty, !region.contains("/") else {
            throw .usage("The region must be a name such as us-east-1; got '\(region)'.")
        }
        credentials = try Self.credentials(&arguments, environment: environment)
        try arguments.finish(helpHint: "upload-bench presign")
    }

    private static func header(_ text: String) throws(CommandLineError) -> (name: String, value: String) {
        // CR or LF would let the value start a header of its own when the client sends it.
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .usage("A --header must not contain control characters such as CR or LF; got \(text.debugDescription).")
        }
        guard let colon = text.firstIndex(of: ":") else {
            throw .usage("A --header must look like 'name: value'; got '\(text)'.")
        }
        let name = text[..<colon].trimmingCharacters(in: .whitespaces)
        let tokenCharacters = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~0123456789")
            .union(CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(tokenCharacters.contains) else {
            throw .usage("A --header name must be a plain HTTP header name; got '\(name)'.")
        }
        return (name: name, value: text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    private static func expires(_ text: String?) throws(CommandLineError) -> Int {
        guard let text else { return 3_600 }
        guard let seconds = Int(text), text.first != "+" else {
            throw .usage("--expires must be a whole number of seconds; got '\(text)'.")
        }
        guard seconds <= Signer.maximumExpiry else {
            throw .usage("--expires must be at most \(Signer.maximumExpiry) seconds (7 days); got \(seconds).")
        }
        guard seconds >= 1 else { throw .usage("--expires must be at least 1 second; got \(seconds).") }
        return seconds
    }

    private static func date(_ text: String?) throws(CommandLineError) -> Date {
        guard let text else { return Date() }
        guard let date = AMZDate.date(from: text) else {
            throw .usage("--date must look like 20130524T000000Z (UTC, to the second); got '\(text)'.")
        }
        return date
    }

    /// Flags win over the environment; a session token from the environment only goes
    /// with keys from the environment, so flags never mix with someone else's token.
    private static func credentials(
        _ arguments: inout Arguments,
        environment: [String: String]
    ) throws(CommandLineError) -> Credentials {
        let flagKey = try arguments.value(of: "--access-key-id")
        let flagSecret = try arguments.value(of: "--secret-access-key")
        let flagToken = try arguments.value(of: "--session-token")
        let fromFlags = flagKey != nil || flagSecret != nil
        let accessKeyID = fromFlags ? flagKey : environment["AWS_ACCESS_KEY_ID"]
        let secret = fromFlags ? flagSecret : environment["AWS_SECRET_ACCESS_KEY"]
        let token = flagToken ?? (fromFlags ? nil : environment["AWS_SESSION_TOKEN"])
        guard let accessKeyID, !accessKeyID.isEmpty, let secret, !secret.isEmpty else {
            throw .usage("No credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                + "or pass both --access-key-id and --secret-access-key.")
        }
        return Credentials(
            accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token.flatMap { $0.isEmpty ? nil : $0 })
    }
}
