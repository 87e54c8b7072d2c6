// SPDX-License-Identifier: Apache-2.0

import AppServer
import Foundation
import MockS3
import Scenario
import SigV4

/// Where a testbed's mock S3 and app server run.
struct ServerPlacement: Sendable {
    /// The `upload-bench` executable that runs them as `serve` children; nil runs them in this process.
    var childExecutable: String?

    static let inProcess = ServerPlacement(childExecutable: nil)
}

/// The command lines and environment of the `serve` children, built from the
/// same configurations the in-process servers would get.
enum ChildArguments {
    /// Credentials go through the environment: argv is visible to every user of the machine.
    static func environment(_ credentials: Credentials) -> [String: String] {
        var environment = ["AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey]
        if let token = credentials.sessionToken { environment["AWS_SESSION_TOKEN"] = token }
        for name in ["PATH", "HOME", "TMPDIR", "LANG"] {
            if let value = ProcessInfo.processInfo.environment[name] { environment[name] = value }
        }
        return environment
    }

    static func serveS3(_ configuration: MockS3Server.Configuration, bucket: String) -> [String] {
        var arguments = [
            "serve", "s3", "--host", "127.0.0.1", "--port", "0",
            "--storage", configuration.storage.description, "--region", configuration.region,
            "--threads", String(configuration.threads), "--bucket", bucket,
        ]
        if !configuration.md5 { arguments.append("--no-md5") }
        return arguments + faultArguments(configuration.faults)
    }

    /// `serve s3`'s fault options for what differs from its defaults.
    static func faultArguments(_ faults: Faults) -> [String] {
        let defaults = Faults()
        var arguments: [String] = []
        func add(_ option: String, _ value: String) { arguments += [option, value] }
        if faults.latency != defaults.latency { add("--latency", decimal(faults.latency, per: 1_000_000)) }
        if let bandwidth = faults.bandwidthBytesPerSecond { add("--bandwidth", String(bandwidth)) }
        if faults.slowDownRate > 0 { add("--slow-down-rate", decimal(faults.slowDownRate)) }
        if faults.internalErrorRate > 0 { add("--internal-error-rate", decimal(faults.internalErrorRate)) }
        if faults.resetRate > 0 { add("--reset-rate", decimal(faults.resetRate)) }
        if faults.resetAfterBytes != defaults.resetAfterBytes { add("--reset-after", String(faults.resetAfterBytes)) }
        if faults.requestTimeout != defaults.requestTimeout {
            add("--request-timeout", decimal(faults.requestTimeout, per: 1_000_000_000))
        }
        if faults != defaults { add("--fault-seed", String(faults.seed)) }
        return arguments
    }

    /// `serve s3` reads plain decimals only, and `String(Double)` writes small ones with an exponent (`1e-05`).
    private static func decimal(_ value: Double) -> String {
        value.plainDecimalDescription ?? String(value)
    }

    /// `duration` in units of `nanosecondsPerUnit` nanoseconds, rounded once: 1ns is `0.000001` ms.
    private static func decimal(_ duration: Duration, per nanosecondsPerUnit: Double) -> String {
        let (seconds, attoseconds) = duration.components
        return decimal((Double(seconds) * 1e9 + Double(attoseconds / 1_000_000_000)) / nanosecondsPerUnit)
    }

    static func serveApp(_ configuration: AppServerConfiguration) -> [String] {
        [
            "serve", "app", "--host", "127.0.0.1", "--port", "0",
            "--s3-endpoint", "http://\(configuration.endpoint.host):\(configuration.endpoint.port)",
            "--bucket", configuration.bucket, "--region", configuration.region,
            "--mode", configuration.mode.rawValue, "--payload-signing", configuration.payloadSigning.rawValue,
            "--prefix", configuration.prefix, "--threads", String(configuration.threads),
            "--part-size", String(configuration.partSize),
            "--part-concurrency", String(configuration.partConcurrency),
            "--max-object-size", String(configuration.maxObjectSize),
            "--presign-expiry", String(configuration.presignExpiry.components.seconds),
            "--body-idle-timeout", String(max(configuration.bodyIdleTimeout.components.seconds, 1)),
        ]
    }
}
