// SPDX-License-Identifier: Apache-2.0

import Foundation
import SigV4

/// The JSON bodies of the app server's API (README, "App server API").
public enum API {
    /// `POST /presign` and `POST /presign/post`.
    public struct PresignRequest: Codable, Sendable, Equatable {
        public var key: String
        public var contentType: String?
        public var size: Int64

        public init(key: String, contentType: String?, size: Int64) {
            self.key = key
            self.contentType = contentType
            self.size = size
        }

        enum CodingKeys: String, CodingKey {
            case key, size
            case contentType = "content_type"
        }
    }

    /// The answer to `POST /presign`: send exactly `headers` with a `method` request to `url`.
    public struct PresignedPut: Codable, Sendable, Equatable {
        public var url: String
        public var method: String
        public var headers: [String: String]
        public var expiresAt: String
        public var key: String

        enum CodingKeys: String, CodingKey {
            case url, method, headers, key
            case expiresAt = "expires_at"
        }
    }

    /// The answer to `POST /presign/post`: a browser form; `fields` first, then the `file` field.
    public struct PresignedPost: Codable, Sendable, Equatable {
        public var url: String
        public var fields: [String: String]
        public var expiresAt: String
        public var key: String

        enum CodingKeys: String, CodingKey {
            case url, fields, key
            case expiresAt = "expires_at"
        }
    }

    /// Whether part URLs come with the create answer or one at a time.
    public enum PartURLs: String, Codable, Sendable {
        case upfront
        case onDemand = "on_demand"
    }

    /// `POST /multipart/create`.
    public struct MultipartCreateRequest: Codable, Sendable, Equatable {
        public var key: String
        public var contentType: String?
        public var size: Int64
        public var partSize: Int?
        public var urls: PartURLs?

        public init(key: String, contentType: String?, size: Int64, partSize: Int? = nil, urls: PartURLs? = nil) {
            self.key = key
            self.contentType = contentType
            self.size = size
            self.partSize = partSize
            self.urls = urls
        }

        enum CodingKeys: String, CodingKey {
            case key, size, urls
            case contentType = "content_type"
            case partSize = "part_size"
        }
    }

    /// One presigned part URL.
    public struct PartURL: Codable, Sendable, Equatable {
        public var partNumber: Int
        public var url: String

        enum CodingKeys: String, CodingKey {
            case url
            case partNumber = "part_number"
        }
    }

    /// The answer to `POST /multipart/create`.
    public struct MultipartCreated: Codable, Sendable, Equatable {
        public var key: String
        public var uploadID: String
        public var partSize: Int
        public var partCount: Int
        public var parts: [PartURL]
        public var expiresAt: String

        enum CodingKeys: String, CodingKey {
            case key, parts
            case uploadID = "upload_id"
            case partSize = "part_size"
            case partCount = "part_count"
            case expiresAt = "expires_at"
        }
    }

    /// `POST /multipart/part-url`.
    public struct PartURLRequest: Codable, Sendable, Equatable {
        public var key: String
        public var uploadID: String
        public var partNumber: Int

        public init(key: String, uploadID: String, partNumber: Int) {
            self.key = key
            self.uploadID = uploadID
            self.partNumber = partNumber
        }

        enum CodingKeys: String, CodingKey {
            case key
            case uploadID = "upload_id"
            case partNumber = "part_number"
        }
    }

    /// The answer to `POST /multipart/part-url`.
    public struct PartURLIssued: Codable, Sendable, Equatable {
        public var partNumber: Int
        public var url: String
        public var expiresAt: String

        enum CodingKeys: String, CodingKey {
            case url
            case partNumber = "part_number"
            case expiresAt = "expires_at"
        }
    }

    /// A part's number and the ETag S3 answered for it.
    public struct CompletedPart: Codable, Sendable, Equatable {
        public var partNumber: Int
        public var etag: String

        public init(partNumber: Int, etag: String) {
            self.partNumber = partNumber
            self.etag = etag
        }

        enum CodingKeys: String, CodingKey {
            case etag
            case partNumber = "part_number"
        }
    }

    /// `POST /multipart/complete`.
    public struct MultipartCompleteRequest: Codable, Sendable, Equatable {
        public var key: String
        public var uploadID: String
        public var parts: [CompletedPart]

        public init(key: String, uploadID: String, parts: [CompletedPart]) {
            self.key = key
            self.uploadID = uploadID
            self.parts = parts
        }

        enum CodingKeys: String, CodingKey {
            case key, parts
            case uploadID = "upload_id"
        }
    }

    /// `POST /multipart/abort`.
    public struct MultipartAbortRequest: Codable, Sendable, Equatable {
        public var key: String
        public var uploadID: String

        public init(key: String, uploadID: String) {
            self.key = key
            self.uploadID = uploadID
        }

        enum CodingKeys: String, CodingKey {
            case key
            case uploadID = "upload_id"
        }
    }

    /// `POST /uploads/confirm`.
    public struct ConfirmRequest: Codable, Sendable, Equatable {
        public var key: String

        public init(key: String) {
            self.key = key
        }
    }

    /// A stored object: the answer to the proxy route, `/multipart/complete` and `/uploads/confirm`.
    public struct StoredObject: Codable, Sendable, Equatable {
        public var key: String
        public var size: Int64
        public var etag: String
        /// Only in multipart proxy mode, so the client can compute the multipart ETag.
        public var partSize: Int?

        public init(key: String, size: Int64, etag: String, partSize: Int? = nil) {
            self.key = key
            self.size = size
            self.etag = etag
            self.partSize = partSize
        }

        enum CodingKeys: String, CodingKey {
            case key, size, etag
            case partSize = "part_size"
        }
    }

    /// Encodes an answer body.
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs cannot fail.
        return (try? Array(encoder.encode(value))) ?? []
    }

    /// Decodes a request body.
    /// - Throws: `APIError.malformedJSON` naming the problem.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(APIError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let DecodingError.keyNotFound(key, _) {
            throw .malformedJSON("The field '\(key.stringValue)' is missing.")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map(\.stringValue).filter { !$0.isEmpty }.joined(separator: ".")
            // `[]` or `null`: the top level is the wrong type, and there is no field to name.
            throw .malformedJSON(path.isEmpty ? "The body is not a JSON object." : "The field '\(path)' has the wrong type.")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw .malformedJSON("The field '\(path)' has an invalid value.")
        } catch {
            // Foundation reports a fractional or out-of-range number for an integer field as invalid
            // JSON without naming the field, so the sentence names that cause too.
            throw .malformedJSON("The body is not a JSON object, or a number in it is not a whole number in range.")
        }
    }

    /// ISO 8601 UTC with seconds, as every `expires_at` is written.
    ///
    /// Formatted by hand: a fresh `ISO8601DateFormatter` per answer (ICU set-up)
    /// was half of a presign request's CPU, which the report charges to the
    /// presigned design.
    static func timestamp(_ date: Date) -> String {
        AMZDate.iso8601(from: date)
    }
}
