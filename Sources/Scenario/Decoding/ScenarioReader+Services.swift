// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc

extension ScenarioReader {
    private enum TargetType: String, CaseIterable {
        case embedded
        case endpoint
    }

    private static let secretHint = " (never put credentials in a scenario file: name the environment variable "
        + "that holds them, like \"access_key_id_env\": \"AWS_ACCESS_KEY_ID\")"

    func s3Target(_ value: JSONValue, at path: FieldPath) -> S3Target? {
        guard let type = discriminator(value, at: path, key: "type", as: TargetType.self) else {
            return nil
        }
        let before = problems.count
        switch type {
        case .embedded:
            let known = ["type", "storage", "directory", "md5", "bucket", "region"]
            guard let fields = object(value, at: path, fields: known) else {
                return nil
            }
            let storage = fields.get("storage") { self.choice($0, at: $1, as: EmbeddedS3.Storage.self) } ?? .discard
            let directory = fields.get("directory", string)
            if storage != .disk {
                fields.refuse("directory", because: "only used with storage disk")
            }
            let s3 = EmbeddedS3(storage: storage, directory: directory, md5: fields.get("md5", bool) ?? true,
                                bucket: fields.get("bucket", bucketName) ?? "upload-bench",
                                region: fields.get("region", region) ?? "us-east-1")
            return problems.count == before ? .embedded(s3) : nil
        case .endpoint:
            let known = ["type", "url", "bucket", "region", "path_style", "access_key_id_env", "secret_access_key_env",
                         "session_token_env"]
            let hints = ["access_key_id": Self.secretHint, "secret_access_key": Self.secretHint,
                         "session_token": Self.secretHint, "credentials": Self.secretHint]
            guard let fields = object(value, at: path, fields: known, hints: hints) else {
                return nil
            }
            let url = fields.require("url", expected: "an http:// URL", endpointURL)
            let bucket = fields.require("bucket", expected: "a bucket name", bucketName)
            let pathStyle = fields.get("path_style", bool) ?? true
            if !pathStyle {
                // Nothing reads the setting: every S3 request the harness makes is path-style.
                fields.refuse("path_style", because: "found false; expected true: only path-style addressing "
                              + "(http://HOST:PORT/BUCKET/KEY) is implemented")
            }
            let endpoint = S3Endpoint(
                url: url ?? "", bucket: bucket ?? "", region: fields.get("region", region) ?? "us-east-1",
                pathStyle: pathStyle,
                accessKeyIdVariable: fields.get("access_key_id_env", variableName) ?? "AWS_ACCESS_KEY_ID",
                secretAccessKeyVariable: fields.get("secret_access_key_env", variableName) ?? "AWS_SECRET_ACCESS_KEY",
                sessionTokenVariable: fields.get("session_token_env", variableName)
            )
            return problems.count == before ? .endpoint(endpoint) : nil
        }
    }

    /// The runner's S3 clients (the app server's upstream, the access probes) speak plain HTTP to an
    /// address and put the bucket in the path: a URL they cannot use is refused here, where it used to
    /// pass and then fail every upload of the run.
    private func endpointURL(_ value: JSONValue, at path: FieldPath) -> String? {
        guard let text = string(value, at: path) else {
            return nil
        }
        let example = "like \"http://127.0.0.1:8333\""
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              components.user == nil, components.password == nil, !text.contains(" ") else {
            mismatch(value, at: path, expected: "an http:// URL \(example) (without credentials in it)")
            return nil
        }
        let expected: String? =
            if scheme == "https" {
                "an http:// URL \(example): the app server's S3 client has no TLS"
            } else if !(1...65535).contains(components.port ?? 80) {
                "a port from 1 to 65535, \(example)"
            } else if !Self.isAddress(host) {
                "an IP address or localhost as the host, \(example): host names are not resolved"
            } else if !(components.path.isEmpty || components.path == "/") || components.query != nil
                        || components.fragment != nil {
                "a URL without a path or query, \(example): the bucket goes in the path of each request"
            } else {
                nil
            }
        if let expected {
            mismatch(value, at: path, expected: expected)
            return nil
        }
        return text
    }

    /// An IPv4 or IPv6 literal (brackets or not) or `localhost`: what the upstream client connects to.
    private static func isAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return host == "localhost" || inet_pton(AF_INET, bare, &v4) == 1 || inet_pton(AF_INET6, bare, &v6) == 1
    }

    private func bucketName(_ value: JSONValue, at path: FieldPath) -> String? {
        let expected = "an S3 bucket name: 3 to 63 lowercase letters, digits, \"-\" and \".\""
        return string(value, at: path, expected: expected) { text in
            let isLowerAlphanumeric = { (character: Character) in character.isASCII && (character.isLowercase || character.isNumber) }
            return (3...63).contains(text.count) && text.allSatisfy { isLowerAlphanumeric($0) || $0 == "-" || $0 == "." }
                && text.first.map(isLowerAlphanumeric) == true && text.last.map(isLowerAlphanumeric) == true
        }
    }

    private func region(_ value: JSONValue, at path: FieldPath) -> String? {
        string(value, at: path, expected: "a region name like \"us-east-1\"") { text in
            Self.isIdentifier(text, extra: "-", maxLength: 32) && text == text.lowercased()
        }
    }

    private func variableName(_ value: JSONValue, at path: FieldPath) -> String? {
        let expected = "the name of an environment variable, like \"AWS_SECRET_ACCESS_KEY\" (the value itself stays out of the file)"
        return string(value, at: path, expected: expected) { text in
            text.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
                && text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        }
    }

    func appSettings(_ value: JSONValue, at path: FieldPath) -> AppSettings? {
        let known = ["max_body_size", "presign_expiry", "key_prefix", "threads", "extra_cpu_per_upload"]
        guard let fields = object(value, at: path, fields: known) else {
            return nil
        }
        let defaults = AppSettings.standard
        let maxBody = fields.get("max_body_size") { self.size($0, at: $1, in: ByteSize(bytes: 1)...Limits.largestObject) }
        let expiry = fields.get("presign_expiry") {
            self.timeSpan($0, at: $1, in: .seconds(1)...Limits.presignExpiry, why: " (S3 allows at most 7 days)")
        }
        let prefix = fields.get("key_prefix", keyPrefix)
        let threads = fields.get("threads") { self.integer($0, at: $1, in: 1...64) }
        // An experiment knob (a known regression for the CI gate); bounded so a typo cannot stall a run.
        let extraCPU = fields.get("extra_cpu_per_upload") { self.timeSpan($0, at: $1, in: .zero...TimeSpan.seconds(1)) }
        return AppSettings(maxBodySize: maxBody ?? defaults.maxBodySize, presignExpiry: expiry ?? defaults.presignExpiry,
                           keyPrefix: prefix ?? defaults.keyPrefix, threads: threads.map(Int.init) ?? defaults.threads,
                           extraCPUPerUpload: extraCPU)
    }

    private func keyPrefix(_ value: JSONValue, at path: FieldPath) -> String? {
        let expected = "a key prefix like \"uploads/\" (no leading \"/\", no \".\" or \"..\" segments, "
            + "no control characters, at most 512 bytes)"
        return string(value, at: path, expected: expected) { text in
            let segments = text.split(separator: "/", omittingEmptySubsequences: false)
            return text.utf8.count <= 512 && !text.hasPrefix("/") && !segments.contains("..") && !segments.contains(".")
                && text.allSatisfy { !$0.isNewline && $0 != "\\" && $0.asciiValue.map { $0 >= 0x20 && $0 != 0x7F } != false }
        }
    }

    func faults(_ value: JSONValue, at path: FieldPath) -> FaultSettings? {
        let known = ["s3_latency", "s3_bandwidth", "slow_down_rate", "internal_error_rate", "reset_rate", "reset_after",
                     "idle_timeout"]
        guard let fields = object(value, at: path, fields: known) else {
            return nil
        }
        let defaults = FaultSettings.none
        let latency = fields.get("s3_latency") { self.timeSpan($0, at: $1, in: .zero...TimeSpan.seconds(60)) }
        let bandwidth = fields.get("s3_bandwidth") { self.bitRate($0, at: $1, in: 1000...400_000_000_000) }
        let slowDown = fields.get("slow_down_rate", percentage)
        let internalError = fields.get("internal_error_rate", percentage)
        let reset = fields.get("reset_rate", percentage)
        let resetAfter = fields.get("reset_after") { self.size($0, at: $1, in: ByteSize(bytes: 0)...Limits.largestObject) }
        let idle = fields.get("idle_timeout") { self.timeSpan($0, at: $1, in: .milliseconds(1)...TimeSpan.hours(1)) }
        let total = [slowDown, internalError, reset].reduce(0) { $0 + ($1?.fraction ?? 0) }
        if total > 1 + 1e-9 {
            report(path, line: value.line, "the error and reset rates add up to \(shortDecimal(total * 100))%; "
                   + "expected at most 100%")
        }
        return FaultSettings(
            s3Latency: latency ?? defaults.s3Latency, s3Bandwidth: bandwidth, slowDownRate: slowDown ?? .zero,
            internalErrorRate: internalError ?? .zero, resetRate: reset ?? .zero,
            resetAfter: resetAfter ?? defaults.resetAfter, idleTimeout: idle
        )
    }

    func retryPolicy(_ value: JSONValue, at path: FieldPath) -> RetryPolicy? {
        let known = ["max_attempts", "initial_backoff", "max_backoff", "multiplier", "jitter"]
        guard let fields = object(value, at: path, fields: known) else {
            return nil
        }
        let defaults = RetryPolicy.standard
        let attempts = fields.get("max_attempts") { self.integer($0, at: $1, in: 1...20) }
        let initial = fields.get("initial_backoff") { self.timeSpan($0, at: $1, in: .zero...TimeSpan.minutes(1)) }
        let maximum = fields.get("max_backoff") { self.timeSpan($0, at: $1, in: .zero...TimeSpan.minutes(10)) }
        let multiplier = fields.get("multiplier") { self.number($0, at: $1, in: 1...10) }
        let policy = RetryPolicy(
            maxAttempts: attempts.map(Int.init) ?? defaults.maxAttempts, initialBackoff: initial ?? defaults.initialBackoff,
            maxBackoff: maximum ?? defaults.maxBackoff, multiplier: multiplier ?? defaults.multiplier,
            jitter: fields.get("jitter", bool) ?? defaults.jitter
        )
        if policy.initialBackoff > policy.maxBackoff {
            report(path.appending("max_backoff"), line: value.line,
                   "found \(policy.maxBackoff); expected at least initial_backoff (\(policy.initialBackoff))")
        }
        return policy
    }

    func timeouts(_ value: JSONValue, at path: FieldPath) -> Timeouts? {
        guard let fields = object(value, at: path, fields: ["connect", "upload", "run"]) else {
            return nil
        }
        let defaults = Timeouts.standard
        let connect = fields.get("connect") { self.timeSpan($0, at: $1, in: .milliseconds(1)...TimeSpan.minutes(5)) }
        let upload = fields.get("upload") { self.timeSpan($0, at: $1, in: .milliseconds(1)...TimeSpan.hours(24)) }
        let run = fields.get("run") { self.timeSpan($0, at: $1, in: .seconds(1)...TimeSpan.hours(24)) }
        return Timeouts(connect: connect ?? defaults.connect, upload: upload ?? defaults.upload, run: run ?? defaults.run)
    }
}
