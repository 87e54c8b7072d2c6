// SPDX-License-Identifier: Apache-2.0

import Digest
import HTTPCore
import Metrics
import Synchronization

/// The HTTP responder behind `MockS3Server`: shared state plus one
/// `S3Exchange` per request. Every stored property is `Sendable`.
final class S3Service: HTTPResponder {
    let configuration: MockS3Server.Configuration
    let store: S3Store
    let stats = StatsRecorder()
    let faults: FaultInjector
    let router: S3Router
    let authenticator: S3Authenticator
    let dates = S3DateCache()
    private let requestCounter = Atomic<UInt64>(0)
    private let digestCounter = Atomic<UInt64>(0)
    private let requestIDPrefix: UInt64
    /// Shown as `x-amz-id-2` and `HostId`.
    let hostID: String

    init(configuration: MockS3Server.Configuration) throws {
        self.configuration = configuration
        store = try S3Store(storage: configuration.storage)
        faults = FaultInjector(configuration.faults)
        router = S3Router(domains: configuration.domains)
        authenticator = S3Authenticator(configuration: configuration)
        var random = SystemRandomNumberGenerator()
        requestIDPrefix = random.next() & 0xFFFF_FF00_0000_0000
        hostID = Encoding.base64((0..<32).map { _ in UInt8.random(in: 0...255) })
    }

    func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler {
        S3Exchange(service: self, head: head, context: context).start()
    }

    /// A new request id: 16 uppercase hex digits, unique within this server.
    func nextRequestID() -> String {
        Self.requestID(requestIDPrefix | requestCounter.wrappingAdd(1, ordering: .relaxed).newValue)
    }

    /// `value` as 16 uppercase hex digits, written digit by digit into one string:
    /// every request gets one, and formatting then padding built three strings.
    static func requestID(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { digits in
            for index in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: value >> (60 - 4 * UInt64(index))) & 0xF
                digits[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
            }
            return 16
        }
    }

    /// Sixteen bytes that stand in for an MD5 when MD5 hashing is off: unique
    /// per upload, cheap, and clearly not a content hash.
    func syntheticDigest(size: Int64) -> [UInt8] {
        let count = digestCounter.wrappingAdd(1, ordering: .relaxed).newValue
        var random = SeededGenerator(seed: count ^ UInt64(bitPattern: size) << 20 ^ requestIDPrefix)
        var digest = [UInt8]()
        digest.reserveCapacity(16)
        for _ in 0..<2 {
            withUnsafeBytes(of: random.next().bigEndian) { digest.append(contentsOf: $0) }
        }
        return digest
    }
}
