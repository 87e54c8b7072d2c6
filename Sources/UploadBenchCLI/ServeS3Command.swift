// SPDX-License-Identifier: Apache-2.0

import Foundation
import MockS3
import Scenario
import SigV4

extension Command {
    /// `upload-bench serve s3`: runs the mock S3 endpoint alone.
    static let serveS3 = Command(
        name: "s3",
        summary: "Run the mock S3 endpoint (SigV4-verifying, S3 errors) until interrupted.",
        help: """
            Run the mock S3 endpoint until SIGINT or SIGTERM.

            Usage: upload-bench serve s3 [options]

            Options:
              --host HOST                 Address to listen on. Default: 127.0.0.1.
              --port PORT                 Port; 0 picks a free one. Default: 9000.
              --storage MODE              discard (sizes and hashes only), memory, or a directory.
                                          Default: memory.
              --region REGION             Region requests must be signed for.
                                          Default: $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1.
              --access-key-id ID          Accepted key. Default: $AWS_ACCESS_KEY_ID.
              --secret-access-key KEY     Its secret. Default: $AWS_SECRET_ACCESS_KEY.
              --session-token TOKEN       Token the key requires. Default: $AWS_SESSION_TOKEN
                                          (only with keys from the environment).
              --threads N                 Event loop threads (named s3-N). Default: 1.
              --bucket NAME               Create this bucket at start. Repeatable.
              --domain DOMAIN             Domain for virtual-hosted buckets (BUCKET.DOMAIN).
                                          Repeatable. Default: localhost, s3.localhost, s3.amazonaws.com.
              --cors                      Allow any origin, expose ETag (otherwise CORS is off).
              --no-md5                    Do not hash uploads with MD5; ETags become stand-ins.
              --anonymous                 Accept unsigned requests (no credentials needed).
              --latency MS                Milliseconds added before every response (decimals allowed).
              --bandwidth BYTES           Cap on each request body's read rate, bytes per second.
              --slow-down-rate FRACTION   Share of requests (0 to 1) answered 503 SlowDown.
              --internal-error-rate FRACTION
                                          Share of requests (0 to 1) answered 500 InternalError.
              --reset-rate FRACTION       Share of uploads (0 to 1) whose connection is reset.
                                          The three rates add up to at most 1.
              --reset-after BYTES         Body bytes a reset upload gets through first. Default: 65536.
              --request-timeout SECONDS   Idle time before an upload gets 400 RequestTimeout
                                          (decimals allowed, at least 0.001). Default: 20.
              --fault-seed N              Seed of the fault choices, for repeatable runs. Default: 1.
              --exit-on-stdin-close       Stop when standard input reaches its end (a parent's watchdog).
              --help                      Show this help.

            Prints `listening on http://HOST:PORT` as the first line of standard output.

            Example:
              AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret upload-bench serve s3 --port 9000 --bucket example-bucket
            """,
        run: { arguments, environment in
            let watchesStdin = arguments.flag("--exit-on-stdin-close")
            let (configuration, buckets) = try ServeS3Options.parse(&arguments, environment: environment)
            // Block the stop signals before any server thread exists, so they inherit the
            // mask and the signal reaches sigwait below.
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGINT)
            sigaddset(&signals, SIGTERM)
            pthread_sigmask(SIG_BLOCK, &signals, nil)

            let server = try MockS3Server(configuration: configuration)
            for bucket in buckets {
                do throws(S3Error) {
                    try server.createBucket(bucket)
                } catch {
                    throw CommandLineError.usage("Cannot create bucket '\(bucket)': \(error.message)")
                }
            }
            let port = try server.start()
            let shownHost = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            Console.out("listening on http://\(shownHost):\(port)")
            // Started after the mask is set: its SIGTERM reaches sigwait below.
            if watchesStdin { StdinWatchdog.start() }
            var received: Int32 = 0
            sigwait(&signals, &received)
            server.shutdown()
            return 0
        }
    )
}

/// The validated options of `serve s3`.
private enum ServeS3Options {
    static func parse(
        _ arguments: inout Arguments,
        environment: [String: String]
    ) throws(CommandLineError) -> (MockS3Server.Configuration, [String]) {
        var configuration = MockS3Server.Configuration()
        configuration.host = try arguments.value(of: "--host") ?? "127.0.0.1"
        configuration.port = try number(arguments.value(of: "--port"), option: "--port", default: 9000, range: 0...65535)
        configuration.threads = try number(arguments.value(of: "--threads"), option: "--threads", default: 1, range: 1...64)
        switch try arguments.value(of: "--storage") ?? "memory" {
        case "discard": configuration.storage = .discard
        case "memory": configuration.storage = .memory
        case "": throw .usage("--storage needs discard, memory or a directory path.")
        case let path: configuration.storage = .directory(path)
        }
        configuration.region = try arguments.value(of: "--region")
            ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
        let domains = try arguments.values(of: "--domain")
        if !domains.isEmpty { configuration.domains = domains }
        let buckets = try arguments.values(of: "--bucket")
        if arguments.flag("--cors") { configuration.cors = .permissive }
        configuration.md5 = !arguments.flag("--no-md5")
        configuration.requireSignatures = !arguments.flag("--anonymous")
        configuration.faults = try faults(&arguments)

        let flagKey = try arguments.value(of: "--access-key-id")
        let flagSecret = try arguments.value(of: "--secret-access-key")
        let flagToken = try arguments.value(of: "--session-token")
        let fromFlags = flagKey != nil || flagSecret != nil
        let key = fromFlags ? flagKey : environment["AWS_ACCESS_KEY_ID"]
        let secret = fromFlags ? flagSecret : environment["AWS_SECRET_ACCESS_KEY"]
        let token = flagToken ?? (fromFlags ? nil : environment["AWS_SESSION_TOKEN"])
        if let key, !key.isEmpty, let secret, !secret.isEmpty {
            configuration.credentials = [Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token)]
        } else if configuration.requireSignatures {
            throw .usage("No credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --access-key-id and --secret-access-key, or pass --anonymous.")
        }
        try arguments.finish(helpHint: "upload-bench serve s3")
        return (configuration, buckets)
    }

    /// The fault options; the runner passes a scenario's `faults` to a mock S3 child through them.
    private static func faults(_ arguments: inout Arguments) throws(CommandLineError) -> Faults {
        var faults = Faults()
        faults.latency = .milliseconds(
            try decimal(
                arguments.value(of: "--latency"), option: "--latency", unit: "milliseconds", default: 0,
                range: 0...600_000
            )
        )
        if let text = try arguments.value(of: "--bandwidth") {
            faults.bandwidthBytesPerSecond = Int64(try number(text, option: "--bandwidth", default: 0, range: 1...Int.max))
        }
        faults.slowDownRate = try fraction(arguments.value(of: "--slow-down-rate"), option: "--slow-down-rate")
        faults.internalErrorRate = try fraction(arguments.value(of: "--internal-error-rate"), option: "--internal-error-rate")
        faults.resetRate = try fraction(arguments.value(of: "--reset-rate"), option: "--reset-rate")
        // The rates are disjoint shares of one draw: past 1 the later ones would silently shrink.
        let total = faults.slowDownRate + faults.internalErrorRate + faults.resetRate
        guard total <= 1 + 1e-9 else {
            throw .usage("--slow-down-rate, --internal-error-rate and --reset-rate add up to "
                + "\(String(format: "%.6g", total)); they must add up to at most 1.")
        }
        faults.resetAfterBytes = Int64(try number(
            arguments.value(of: "--reset-after"), option: "--reset-after", default: Int(faults.resetAfterBytes), range: 0...Int.max
        ))
        // Below a millisecond every upload would time out between two reads; scenarios' idle_timeout has the same floor.
        faults.requestTimeout = .seconds(
            try decimal(
                arguments.value(of: "--request-timeout"), option: "--request-timeout", unit: "seconds", default: 20,
                range: 0.001...86_400
            )
        )
        faults.seed = UInt64(try number(arguments.value(of: "--fault-seed"), option: "--fault-seed", default: 1, range: 0...Int.max))
        return faults
    }

    private static func decimal(
        _ text: String?, option: String, unit: String, default value: Double, range: ClosedRange<Double>
    ) throws(CommandLineError) -> Double {
        guard let text else { return value }
        guard let number = Double(plainDecimal: text), range.contains(number) else {
            let bounds = String(format: "from %g to %g", range.lowerBound, range.upperBound)
            throw .usage("\(option) must be a number of \(unit) \(bounds); got '\(text)'.")
        }
        return number
    }

    private static func fraction(_ text: String?, option: String) throws(CommandLineError) -> Double {
        guard let text else { return 0 }
        guard let value = Double(plainDecimal: text), (0...1).contains(value) else {
            throw .usage("\(option) must be a fraction from 0 to 1, such as 0.03 for 3%; got '\(text)'.")
        }
        return value
    }

    private static func number(_ text: String?, option: String, default value: Int, range: ClosedRange<Int>) throws(CommandLineError) -> Int {
        guard let text else { return value }
        guard let number = Int(plainDigits: text), range.contains(number) else {
            throw .usage("\(option) must be a whole number from \(range.lowerBound) to \(range.upperBound); got '\(text)'.")
        }
        return number
    }
}
