// SPDX-License-Identifier: Apache-2.0

@testable import AppServer
import Testing

@Suite struct RouteTests {
    @Test func routesMatchMethodAndPath() throws {
        #expect(try Route.match(method: "PUT", rawPath: "/upload/a/b.bin") == .proxyUpload(key: "a/b.bin"))
        #expect(try Route.match(method: "POST", rawPath: "/presign") == .presignPut)
        #expect(try Route.match(method: "POST", rawPath: "/presign/post") == .presignPost)
        #expect(try Route.match(method: "POST", rawPath: "/multipart/create") == .multipartCreate)
        #expect(try Route.match(method: "POST", rawPath: "/multipart/part-url") == .multipartPartURL)
        #expect(try Route.match(method: "POST", rawPath: "/multipart/complete") == .multipartComplete)
        #expect(try Route.match(method: "POST", rawPath: "/multipart/abort") == .multipartAbort)
        #expect(try Route.match(method: "POST", rawPath: "/uploads/confirm") == .confirm)
        #expect(try Route.match(method: "GET", rawPath: "/healthz") == .health)
    }

    @Test func wrongMethodsAndUnknownPathsAreRefused() {
        #expect(throws: APIError.methodNotAllowed) { try Route.match(method: "GET", rawPath: "/upload/a") }
        #expect(throws: APIError.methodNotAllowed) { try Route.match(method: "GET", rawPath: "/presign") }
        #expect(throws: APIError.notFound) { try Route.match(method: "POST", rawPath: "/presign/") }
        #expect(throws: APIError.notFound) { try Route.match(method: "GET", rawPath: "/") }
    }

    @Test func errorsCarryStatusAndCodeAsJSON() throws {
        let error = APIError.s3(code: "SlowDown", status: 503, message: "Reduce your request rate.")
        #expect(error.status == 503)
        #expect(APIError.s3(code: "AccessDenied", status: 403, message: "").status == 502)
        #expect(APIError.s3(code: "InternalError", status: 503, message: "").status == 503)
        let body = String(decoding: error.jsonBody, as: UTF8.self)
        #expect(body == #"{"error":"SlowDown","message":"Reduce your request rate."}"#)
        #expect(APIError.missingContentLength.status == 411)
        #expect(APIError.entityTooLarge(limit: 10).status == 413)
    }

    @Test func requestBodiesDecodeWithSnakeCaseAndNameMissingFields() throws {
        let bytes = Array(#"{"key":"a","upload_id":"U","part_number":3}"#.utf8)
        let request = try API.decode(API.PartURLRequest.self, from: bytes)
        #expect(request == API.PartURLRequest(key: "a", uploadID: "U", partNumber: 3))
        do {
            _ = try API.decode(API.PartURLRequest.self, from: Array(#"{"key":"a"}"#.utf8))
            Issue.record("decoding should fail")
        } catch {
            #expect(error.message.contains("upload_id"))
        }
        #expect(throws: APIError.self) { try API.decode(API.PresignRequest.self, from: Array("nope".utf8)) }
    }
}
