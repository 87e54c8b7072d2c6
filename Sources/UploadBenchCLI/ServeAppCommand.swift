// SPDX-License-Identifier: Apache-2.0

import AppServer
import Foundation
import Scenario
import SigV4

extension Command {
    /// `upload-bench serve app`: runs the app server alone in front of an S3 endpoint.
    static let serveApp = Command(
        name: "app",
        summary: "Run the app server (upload proxy and presign service) in front of an S3 endpoint.",
        help: """
            Run the app server (upload proxy and presign service) in front of an S3 endpoint.

            Usage: upload-bench serve app --s3-endpoint URL --bucket BUCKET [options]

            Options:
              --s3-endpoint URL           http://IP:PORT of the S3 service (path-style; an IP address
                                          or localhost, host names are not resolved).
              --bucket BUCKET             The bucket uploads go to.
              --mode MODE                 Proxy mode: stream, buffer, spool or multipart. Default: stream.
              --payload-signing SIGNING   unsigned, signed (buffer, spool, multipart only) or aws-chunked.
                                          Default: unsigned.
              --host HOST                 Address to listen on. Default: 127.0.0.1.
              --port PORT                 Port to listen on; 0 picks one. Default: 8080.
              --region REGION             Default: $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1.
              --prefix PREFIX             Key prefix every upload is confined to. Default: uploads/.
              --threads N                 Event loop threads (app-0, app-1, ...). Default: 2.
              --part-size BYTES           Multipart part size. Default: 8388608.
              --part-concurrency N        Parts in flight per proxied multipart upload. Default: 4.
              --max-object-size BYTES     Largest body the proxy accepts. Default: 5368709120.
              --presign-expiry SECONDS    Lifetime of presigned URLs. Default: 900.
              --body-idle-timeout SECONDS How long a request body may stall. Default: 30.
              --exit-on-stdin-close       Exit when standard input reaches its end (a parent's watchdog).
              --help                      Show this help.

            Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.
            Prints `listening on http://HOST:PORT` first, then runs until interrupted.

            Example:
              upload-bench serve app --s3-endpoint http://127.0.0.1:9000 --bucket example-bucket --mode multipart
            """,
        run: { arguments, environment in
            let configuration = try serveAppConfiguration(&arguments, environment: environment)
            let watchesStdin = arguments.flag("--exit-on-stdin-close")
            try arguments.finish(helpHint: "upload-bench serve app")
            // Blocked before any server thread exists (they inherit the mask), so SIGTERM and
            // SIGINT reach sigwait below even when the parent started us with them blocked.
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGINT)
            sigaddset(&signals, SIGTERM)
            pthread_sigmask(SIG_BLOCK, &signals, nil)
            let app: AppServer
            do {
                app = try AppServer(configuration: configuration)
                try app.start()
            } catch let error as ConfigurationError {
                throw CommandLineError.usage(error.message)
            }
            Console.out("listening on http://\(configuration.host):\(app.port)")
            if watchesStdin { StdinWatchdog.start() }
            var received: Int32 = 0
            sigwait(&signals, &received)
            app.shutdown(gracePeriod: .seconds(1))
            return 0
        }
    )

    private static func serveAppConfiguration(
        _ arguments: inout Arguments,
        environment: [String: String]
    ) throws(CommandLineError) -> AppServerConfiguration {
        guard let endpointText = try arguments.value(of: "--s3-endpoint") else {
            throw .usage("Pass the S3 endpoint with --s3-endpoint, for example --s3-endpoint http://127.0.0.1:9000.")
        }
        guard let bucket = try arguments.value(of: "--bucket") else {
            throw .usage("Pass the bucket with --bucket, for example --bucket example-bucket.")
        }
        do {
            let endpoint = try S3Endpoint(url: endpointText)
            var configuration = AppServerConfiguration(
                endpoint: endpoint, bucket: bucket, credentials: try Credentials.fromEnvironment(environment)
            )
            configuration.port = 8080
            if let mode = try arguments.value(of: "--mode") {
                guard let parsed = ProxyMode(rawValue: mode) else {
                    throw CommandLineError.usage("--mode takes stream, buffer, spool or multipart; got '\(mode)'.")
                }
                configuration.mode = parsed
            }
            if let signing = try arguments.value(of: "--payload-signing") {
                guard let parsed = PayloadSigning(rawValue: signing) else {
                    throw CommandLineError.usage("--payload-signing takes unsigned, signed or aws-chunked; got '\(signing)'.")
                }
                configuration.payloadSigning = parsed
            }
            if let host = try arguments.value(of: "--host") { configuration.host = host }
            if let port = try arguments.value(of: "--port") {
                guard let parsed = Int(plainDigits: port), (0...65535).contains(parsed) else {
                    throw CommandLineError.usage("--port takes a number from 0 to 65535; got '\(port)'.")
                }
                configuration.port = parsed
            }
            if let threads = try arguments.value(of: "--threads") {
                // Capped as serve s3 and scenarios cap it: more loops than that is a typo, not a setting.
                guard let parsed = Int(plainDigits: threads), (1...64).contains(parsed) else {
                    throw CommandLineError.usage("--threads must be a whole number from 1 to 64; got '\(threads)'.")
                }
                configuration.threads = parsed
            }
            configuration.region = try arguments.value(of: "--region")
                ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
            if let prefix = try arguments.value(of: "--prefix") { configuration.prefix = prefix }
            try applyLimits(&arguments, to: &configuration)
            try configuration.validate()
            return configuration
        } catch let error as CommandLineError {
            throw error
        } catch let error as ConfigurationError {
            throw .usage(error.message)
        } catch {
            throw .usage("\(error)")
        }
    }

    /// Part and size limits and timeouts, the settings a runner's child app server needs.
    private static func applyLimits(
        _ arguments: inout Arguments,
        to configuration: inout AppServerConfiguration
    ) throws(CommandLineError) {
        if let bytes = try count(arguments.value(of: "--part-size"), option: "--part-size") {
            configuration.partSize = bytes
        }
        if let parts = try count(arguments.value(of: "--part-concurrency"), option: "--part-concurrency") {
            configuration.partConcurrency = parts
        }
        if let bytes = try count(arguments.value(of: "--max-object-size"), option: "--max-object-size") {
            configuration.maxObjectSize = Int64(bytes)
        }
        if let seconds = try count(arguments.value(of: "--presign-expiry"), option: "--presign-expiry") {
            configuration.presignExpiry = .seconds(seconds)
        }
        if let seconds = try count(arguments.value(of: "--body-idle-timeout"), option: "--body-idle-timeout") {
            configuration.bodyIdleTimeout = .seconds(seconds)
        }
    }

    private static func count(_ text: String?, option: String) throws(CommandLineError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(plainDigits: text) else {
            throw .usage("\(option) takes a whole number of zero or more; got '\(text)'.")
        }
        return value
    }
}
