// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Digest
import Foundation
import SigV4
import Testing

@Suite struct PresignServiceTests {
    static let now = Date(timeIntervalSince1970: 1_796_317_200)  // 2026-12-03T17:00:00Z

    static func configuration(_ change: (inout AppServerConfiguration) -> Void = { _ in }) -> AppServerConfiguration {
        var configuration = AppServerConfiguration(
            endpoint: S3Endpoint(host: "127.0.0.1", port: 9000),
            bucket: "example-bucket",
            credentials: Credentials(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
            )
        )
        change(&configuration)
        return configuration
    }

    @Test func presignedPutSignsContentTypeAndLengthAndReturnsThem() throws {
        let service = try PresignService(configuration: Self.configuration())
        let answer = try service.presignPut(.init(key: "a.png", contentType: "image/png", size: 5), at: Self.now)
        #expect(answer.key == "uploads/a.png")
        #expect(answer.method == "PUT")
        #expect(answer.headers == ["Content-Type": "image/png", "Content-Length": "5"])
        #expect(answer.expiresAt == "2026-12-03T17:15:00Z")
        #expect(answer.url.hasPrefix("http://127.0.0.1:9000/example-bucket/uploads/a.png?"))
        #expect(answer.url.contains("X-Amz-Expires=900"))
        #expect(answer.url.contains("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost"))
        #expect(answer.url.contains("X-Amz-Date=20261203T170000Z"))
    }

    @Test(arguments: [
        (951_782_400.0, "2000-02-29T00:00:00Z"),
        (1_767_225_599.0, "2025-12-31T23:59:59Z"),
        (4_107_542_400.0, "2100-03-01T00:00:00Z"),
        (1.999, "1970-01-01T00:00:01Z"),
    ])
    func expiryTimestampsAreUTCSecondsAcrossLeapDaysAndYearEnds(epochSeconds: Double, expected: String) {
        #expect(API.timestamp(Date(timeIntervalSince1970: epochSeconds)) == expected)
    }

    @Test func keysAreEncodedOnceInTheURL() throws {
        let service = try PresignService(configuration: Self.configuration { $0.presignSignsContentLength = false })
        let answer = try service.presignPut(.init(key: "my file~1+@.txt", contentType: nil, size: 1), at: Self.now)
        #expect(answer.url.hasPrefix("http://127.0.0.1:9000/example-bucket/uploads/my%20file~1%2B%40.txt?"))
        #expect(answer.headers.isEmpty)
        #expect(answer.url.contains("X-Amz-SignedHeaders=host&"))
    }

    @Test func sessionTokensAreSignedIntoTheURL() throws {
        let service = try PresignService(configuration: Self.configuration {
            $0.credentials = Credentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "TOKEN")
        })
        let answer = try service.presignPut(.init(key: "a", contentType: nil, size: 1), at: Self.now)
        #expect(answer.url.contains("X-Amz-Security-Token=TOKEN"))
    }

    @Test func expiryIsConfigurableAndCappedAtSevenDays() throws {
        let week = Self.configuration { $0.presignExpiry = .seconds(604_800) }
        try week.validate()
        let answer = try PresignService(configuration: week).presignPut(.init(key: "a", contentType: nil, size: 1), at: Self.now)
        #expect(answer.expiresAt == "2026-12-10T17:00:00Z")
        #expect(throws: ConfigurationError.self) { try Self.configuration { $0.presignExpiry = .seconds(604_801) }.validate() }
        #expect(throws: ConfigurationError.self) { try Self.configuration { $0.presignExpiry = .zero }.validate() }
    }

    @Test func sizesOutsideTheLimitsAreRefused() throws {
        let service = try PresignService(configuration: Self.configuration { $0.maxObjectSize = 100 })
        #expect(throws: APIError.entityTooLarge(limit: 100)) {
            try service.presignPut(.init(key: "a", contentType: nil, size: 101), at: Self.now)
        }
        #expect(throws: APIError.self) { try service.presignPut(.init(key: "a", contentType: nil, size: -1), at: Self.now) }
        #expect(throws: APIError.self) {
            try service.presignPut(.init(key: "a", contentType: "text/plain\r\nX-Evil: 1", size: 1), at: Self.now)
        }
    }

    @Test func postPolicyPinsKeyTypeAndSize() throws {
        let service = try PresignService(configuration: Self.configuration())
        let answer = try service.presignPost(.init(key: "a.png", contentType: "image/png", size: 1234), at: Self.now)
        #expect(answer.url == "http://127.0.0.1:9000/example-bucket")
        #expect(answer.fields["key"] == "uploads/a.png")
        #expect(answer.fields["Content-Type"] == "image/png")
        #expect(answer.fields["x-amz-credential"] == "AKIDEXAMPLE/20261203/us-east-1/s3/aws4_request")
        #expect(answer.fields["x-amz-signature"]?.count == 64)
        let policy = try #require(answer.fields["policy"].flatMap { Encoding.bytes(fromBase64: $0) })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(policy)) as? [String: Any])
        #expect(document["expiration"] as? String == "2026-12-03T17:15:00Z")
        let conditions = try #require(document["conditions"] as? [Any])
        let arrays = conditions.compactMap { $0 as? [Any] }.map { $0.map { "\($0)" } }
        #expect(arrays.contains(["content-length-range", "1234", "1234"]))
        #expect(arrays.contains(["eq", "$key", "uploads/a.png"]))
        #expect(arrays.contains(["eq", "$Content-Type", "image/png"]))
    }

    @Test func multipartPlansChoosePartsWithinS3Limits() throws {
        let service = try PresignService(configuration: Self.configuration())
        let mib = 1024 * 1024
        let plan = try service.multipartPlan(.init(key: "big", contentType: nil, size: Int64(20 * mib), partSize: 5 * mib))
        #expect(plan.partCount == 4)
        #expect(plan.key == "uploads/big")
        #expect(try service.multipartPlan(.init(key: "e", contentType: nil, size: 0)).partCount == 1)
        #expect(try service.multipartPlan(.init(key: "d", contentType: nil, size: Int64(8 * mib) + 1)).partCount == 2)
        #expect(throws: APIError.self) {
            try service.multipartPlan(.init(key: "s", contentType: nil, size: 10, partSize: 5_000_000))
        }
        #expect(throws: APIError.self) {
            try service.multipartPlan(.init(key: "n", contentType: nil, size: Int64(5 * mib) * 10_001, partSize: 5 * mib))
        }
    }

    @Test func partURLsComeUpfrontOrOnDemand() throws {
        let service = try PresignService(configuration: Self.configuration())
        let plan = try service.multipartPlan(.init(key: "m", contentType: nil, size: 20 << 20, partSize: 5 << 20))
        let upfront = try service.multipartCreated(plan, uploadID: "U1", at: Self.now)
        #expect(upfront.parts.map(\.partNumber) == [1, 2, 3, 4])
        #expect(upfront.parts[2].url.contains("partNumber=3&uploadId=U1"))
        var onDemand = plan
        onDemand.urls = .onDemand
        #expect(try service.multipartCreated(onDemand, uploadID: "U1", at: Self.now).parts.isEmpty)
        let part = try service.partURL(key: "uploads/m", uploadID: "U1", partNumber: 2, at: Self.now)
        #expect(part.url == upfront.parts[1].url)
        #expect(throws: APIError.self) { try service.partURL(key: "elsewhere/m", uploadID: "U1", partNumber: 2, at: Self.now) }
        #expect(throws: APIError.self) { try service.partURL(key: "uploads/m", uploadID: "U1", partNumber: 10_001, at: Self.now) }
        #expect(throws: APIError.self) { try service.partURL(key: "uploads/m", uploadID: "U 1", partNumber: 1, at: Self.now) }
    }

    @Test func streamModeRefusesASignedPayloadHash() {
        #expect(throws: ConfigurationError.self) {
            try Self.configuration { $0.mode = .stream; $0.payloadSigning = .signed }.validate()
        }
        for mode in [ProxyMode.buffer, .spool, .multipart] {
            #expect((try? Self.configuration { $0.mode = mode; $0.payloadSigning = .signed }.validate()) != nil)
        }
        #expect(throws: ConfigurationError.self) { try Self.configuration { $0.partSize = 5_000_000 }.validate() }
    }

    @Test func endpointsParseOnlyPlainHTTPOrigins() throws {
        #expect(try S3Endpoint(url: "http://127.0.0.1:9000").hostHeader == "127.0.0.1:9000")
        #expect(try S3Endpoint(url: "http://localhost/").hostHeader == "localhost")
        #expect(throws: ConfigurationError.self) { try S3Endpoint(url: "https://s3.amazonaws.com") }
        #expect(throws: ConfigurationError.self) { try S3Endpoint(url: "http://h:1/bucket") }
        #expect(throws: ConfigurationError.self) { try S3Endpoint(url: "http://127.0.0.1:99999") }
        #expect(throws: ConfigurationError.self) { try S3Endpoint(url: "http://127.0.0.1:0") }
        // Names are not resolved by the upstream client: every upload would fail with 502.
        #expect(throws: ConfigurationError.self) { try S3Endpoint(url: "http://minio.internal:9000") }
        #expect(try S3Endpoint(url: "http://[::1]:9000").port == 9000)
    }
}
