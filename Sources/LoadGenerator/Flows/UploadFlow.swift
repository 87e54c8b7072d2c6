// SPDX-License-Identifier: Apache-2.0

import Digest

/// What a flow wants next.
enum FlowStep {
    /// Start these requests (none: wait for the ones in flight).
    case send([Exchange])
    /// The upload is over; its record is final.
    case done
}

/// The state machine of one simulated upload; subclasses follow one architecture's protocol.
///
/// The driver calls `start()` once, then `receive(_:for:)` for each finished
/// exchange. Retries of failed requests are handled here, before subclasses
/// see a result, so subclasses only handle successes and final failures.
class UploadFlow {
    let upload: PlannedUpload
    let environment: FlowEnvironment
    var record: UploadRecord
    /// Exchanges handed to libcurl and not yet finished (kept by the driver).
    var outstanding = 0
    /// The simulated client running this upload (set by the driver): picks the
    /// source address on links that bind one, so all its requests share it.
    var client = 0
    private(set) var isFinished = false

    /// The full S3 key the app server answered with (its prefix added); the
    /// multipart and confirm routes take keys in that form (APP_API.md).
    var storedKey: String?
    /// The key to send to the app server's follow-up routes.
    var serverKey: String { storedKey ?? upload.key }

    var configuration: LoadGeneratorConfiguration { environment.configuration }
    var appBase: String { configuration.appBaseURL }

    init(upload: PlannedUpload, environment: FlowEnvironment, intendedStart: UInt64, start: UInt64, late: Bool) {
        self.upload = upload
        self.environment = environment
        record = UploadRecord(
            index: upload.index,
            key: upload.key,
            architecture: upload.architecture.label,
            objectSize: upload.size,
            warmUp: upload.warmUp,
            status: .failed,
            errorCode: nil,
            attempts: 0,
            retries: 0,
            retriedErrorCodes: [],
            verified: false,
            md5Hex: nil,
            expectedETag: nil,
            etag: nil,
            intendedStartNanoseconds: intendedStart,
            startNanoseconds: start,
            endNanoseconds: 0,
            lateStart: late,
            hops: []
        )
    }

    /// The first requests.
    func start() -> FlowStep {
        fatalError("subclasses start their protocol")
    }

    /// A success, or a failure that will not be retried.
    func handle(_ result: ExchangeResult, for exchange: Exchange) -> FlowStep {
        fatalError("subclasses handle their exchanges")
    }

    /// Takes a finished exchange: records it, retries it per the policy, or hands it to `handle`.
    final func receive(_ result: ExchangeResult, for exchange: Exchange, now: UInt64) -> FlowStep {
        record.hops.append(result.hop)
        record.attempts += 1
        if let code = result.errorCode, shouldRetry(result, exchange) {
            record.retries += 1
            record.retriedErrorCodes.append(code)
            var again = exchange
            again.attempt += 1
            again.notBefore = now + configuration.retry.backoff(afterAttempt: exchange.attempt, upload: upload.index).wholeNanoseconds
            return .send([again])
        }
        return handle(result, for: exchange)
    }

    /// Whether a failed exchange is sent again; subclasses may add cases.
    func shouldRetry(_ result: ExchangeResult, _ exchange: Exchange) -> Bool {
        guard let code = result.errorCode, exchange.attempt < configuration.retry.maxAttempts else { return false }
        return configuration.retry.isRetryable(status: result.status, code: code)
    }

    /// Ends the upload as failed with `code`.
    final func fail(_ code: String) -> FlowStep {
        record.status = .failed
        record.errorCode = code
        return finish()
    }

    /// Ends the upload, checking `reported` (an ETag without quotes) against `expected`
    /// when both are known.
    final func succeed(reported: String?, expected: String?) -> FlowStep {
        record.etag = reported
        record.expectedETag = expected
        if let expected, let reported {
            record.verified = true
            if reported.lowercased() == expected {
                record.status = .ok
            } else {
                record.status = .corrupted
                record.errorCode = "etag_mismatch"
            }
        } else {
            record.status = .ok
        }
        return finish()
    }

    /// Marks the record final; the driver stamps the end time.
    final func finish() -> FlowStep {
        isFinished = true
        return .done
    }

    /// Ends an unfinished upload when the run's hard time limit passed.
    final func abandon() {
        guard !isFinished else { return }
        record.status = .failed
        record.errorCode = "deadline_exceeded"
        isFinished = true
    }

    /// A generated range of this upload's body.
    final func bodyRange(offset: Int, length: Int) -> RequestBody.Generated {
        environment.range(index: upload.index, offset: offset, length: length)
    }

    /// Sets the whole-object MD5 after the body went out; returns its hex.
    final func noteObjectMD5(_ range: RequestBody.Generated, sent result: ExchangeResult?) -> String? {
        guard let digest = environment.md5(of: range, sent: result) else { return nil }
        record.md5Hex = Encoding.hex(digest)
        return record.md5Hex
    }

    /// The key relative to the app server, percent-encoded for a URL path.
    final var escapedKey: String {
        upload.key.addingPathEscapes()
    }
}

@available(*, unavailable)
extension UploadFlow: Sendable {}

extension String {
    /// Percent-encodes everything but unreserved characters and `/` (RFC 3986, section 2.3).
    func addingPathEscapes() -> String {
        // Most keys need no escape: hand them back without building a copy per request.
        guard !utf8.allSatisfy(Self.isPathSafe) else { return self }
        var output = ""
        output.reserveCapacity(utf8.count)
        for byte in utf8 {
            if Self.isPathSafe(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }

    private static func isPathSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
            true
        default:
            false
        }
    }

    private func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
