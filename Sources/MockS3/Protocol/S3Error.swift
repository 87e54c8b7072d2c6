// SPDX-License-Identifier: Apache-2.0

/// An S3 error response: the code, the HTTP status S3 pairs with it, a message
/// and the code's extra XML fields (for example `ExpectedDigest`, `Region`).
///
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
public struct S3Error: Error, Sendable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case accessDenied = "AccessDenied"
        case accessForbidden = "AccessForbidden"
        case authorizationHeaderMalformed = "AuthorizationHeaderMalformed"
        case authorizationQueryParametersError = "AuthorizationQueryParametersError"
        case badDigest = "BadDigest"
        case badRequest = "BadRequest"
        case bucketAlreadyOwnedByYou = "BucketAlreadyOwnedByYou"
        case bucketNotEmpty = "BucketNotEmpty"
        case entityTooLarge = "EntityTooLarge"
        case entityTooSmall = "EntityTooSmall"
        case expiredToken = "ExpiredToken"
        case illegalLocationConstraint = "IllegalLocationConstraintException"
        case incompleteBody = "IncompleteBody"
        case internalError = "InternalError"
        case invalidAccessKeyId = "InvalidAccessKeyId"
        case invalidArgument = "InvalidArgument"
        case invalidBucketName = "InvalidBucketName"
        case invalidDigest = "InvalidDigest"
        case invalidPart = "InvalidPart"
        case invalidPolicyDocument = "InvalidPolicyDocument"
        case invalidPartOrder = "InvalidPartOrder"
        case invalidRange = "InvalidRange"
        case invalidRequest = "InvalidRequest"
        case invalidToken = "InvalidToken"
        case invalidURI = "InvalidURI"
        case keyTooLong = "KeyTooLongError"
        case malformedPOSTRequest = "MalformedPOSTRequest"
        case malformedXML = "MalformedXML"
        case maxPostPreDataLengthExceeded = "MaxPostPreDataLengthExceededError"
        case methodNotAllowed = "MethodNotAllowed"
        case missingContentLength = "MissingContentLength"
        case missingSecurityHeader = "MissingSecurityHeader"
        case noSuchBucket = "NoSuchBucket"
        case noSuchKey = "NoSuchKey"
        case noSuchUpload = "NoSuchUpload"
        case notImplemented = "NotImplemented"
        case requestTimeout = "RequestTimeout"
        case requestTimeTooSkewed = "RequestTimeTooSkewed"
        case signatureDoesNotMatch = "SignatureDoesNotMatch"
        case slowDown = "SlowDown"
        case unexpectedContent = "UnexpectedContent"
        case xAmzContentSHA256Mismatch = "XAmzContentSHA256Mismatch"

        var status: Int {
            switch self {
            case .accessDenied, .accessForbidden, .invalidAccessKeyId, .requestTimeTooSkewed,
                 .signatureDoesNotMatch:
                403
            case .noSuchBucket, .noSuchKey, .noSuchUpload: 404
            case .methodNotAllowed: 405
            case .bucketAlreadyOwnedByYou, .bucketNotEmpty: 409
            case .missingContentLength: 411
            case .invalidRange: 416
            case .internalError: 500
            case .notImplemented: 501
            case .slowDown: 503
            default: 400
            }
        }
    }

    private let kind: Code
    /// The HTTP status of the response.
    public let status: Int
    /// The human-readable `Message` element.
    public let message: String
    /// Extra elements after `Message`, in order (for example `("Region", "eu-central-1")`).
    public internal(set) var fields: [(name: String, value: String)]
    /// Extra response headers (for example `Allow` on 405, `x-amz-bucket-region`).
    public internal(set) var headers: [(name: String, value: String)] = []

    private init(_ kind: Code, _ message: String, _ fields: [(name: String, value: String)] = [], status: Int? = nil) {
        self.kind = kind
        self.status = status ?? kind.status
        self.message = message
        self.fields = fields
    }

    /// An error with an S3 code this module does not construct itself (for
    /// example one reported by the SigV4 verifier). Unknown codes keep their
    /// status and message but are labelled `AccessDenied`.
    init(code: String, status: Int, message: String, fields: [(name: String, value: String)]) {
        self.init(Code(rawValue: code) ?? .accessDenied, message, fields, status: status)
    }

    /// The S3 error code, for example `NoSuchKey`.
    public var code: String { kind.rawValue }

    /// The code: a short label, safe in CSV files and metric names.
    public var description: String { kind.rawValue }

    /// The value of the extra field `name`, if present.
    public func field(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }
}

// Constructors, grouped by area, with S3's own message texts.
extension S3Error {
    static func noSuchBucket(_ bucket: String) -> S3Error {
        S3Error(.noSuchBucket, "The specified bucket does not exist", [("BucketName", bucket)])
    }

    static func noSuchKey(_ key: String) -> S3Error {
        S3Error(.noSuchKey, "The specified key does not exist.", [("Key", key)])
    }

    static func noSuchUpload(_ uploadID: String) -> S3Error {
        S3Error(
            .noSuchUpload,
            "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
            [("UploadId", uploadID)]
        )
    }

    static func bucketNotEmpty(_ bucket: String) -> S3Error {
        S3Error(.bucketNotEmpty, "The bucket you tried to delete is not empty", [("BucketName", bucket)])
    }

    static func bucketAlreadyOwnedByYou(_ bucket: String) -> S3Error {
        S3Error(
            .bucketAlreadyOwnedByYou,
            "Your previous request to create the named bucket succeeded and you already own it.",
            [("BucketName", bucket)]
        )
    }

    static func invalidBucketName(_ bucket: String) -> S3Error {
        S3Error(.invalidBucketName, "The specified bucket is not valid.", [("BucketName", bucket)])
    }

    static func illegalLocationConstraint(_ constraint: String, region: String) -> S3Error {
        S3Error(
            .illegalLocationConstraint,
            "The \(constraint.isEmpty ? "unspecified" : constraint) location constraint is incompatible for the region specific endpoint this request was sent to.",
            [("Region", region)]
        )
    }

    static let invalidURI = S3Error(.invalidURI, "Couldn't parse the specified URI.")

    static func keyTooLong(_ size: Int) -> S3Error {
        S3Error(.keyTooLong, "Your key is too long", [("Size", String(size)), ("MaxSizeAllowed", "1024")])
    }

    static func methodNotAllowed(_ method: String, resource: String, allowed: [String]) -> S3Error {
        var error = S3Error(
            .methodNotAllowed,
            "The specified method is not allowed against this resource.",
            [("Method", method), ("ResourceType", resource)]
        )
        error.headers = [("Allow", allowed.joined(separator: ", "))]
        return error
    }

    static func notImplemented(_ message: String, header: String? = nil) -> S3Error {
        S3Error(.notImplemented, message, header.map { [("Header", $0)] } ?? [])
    }

    static func invalidArgument(_ message: String, name: String, value: String) -> S3Error {
        S3Error(.invalidArgument, message, [("ArgumentName", name), ("ArgumentValue", value)])
    }

    static func invalidRequest(_ message: String) -> S3Error {
        S3Error(.invalidRequest, message)
    }

    static let malformedXML = S3Error(
        .malformedXML,
        "The XML you provided was not well-formed or did not validate against our published schema"
    )

    static func invalidRange(_ range: String, size: Int64) -> S3Error {
        S3Error(
            .invalidRange,
            "The requested range is not satisfiable",
            [("RangeRequested", range), ("ActualObjectSize", String(size))]
        )
    }

    static let internalError = S3Error(.internalError, "We encountered an internal error. Please try again.")
    static let slowDown = S3Error(.slowDown, "Please reduce your request rate.")

    static func accessDenied(_ message: String = "Access Denied", _ fields: [(name: String, value: String)] = []) -> S3Error {
        S3Error(.accessDenied, message, fields)
    }

    static func signatureDoesNotMatch(_ message: String, _ fields: [(name: String, value: String)] = []) -> S3Error {
        S3Error(.signatureDoesNotMatch, message, fields)
    }

    static func invalidAccessKeyID(_ accessKeyID: String) -> S3Error {
        S3Error(
            .invalidAccessKeyId,
            "The AWS Access Key Id you provided does not exist in our records.",
            [("AWSAccessKeyId", accessKeyID)]
        )
    }
}

// Body, framing and integrity errors.
extension S3Error {
    static func entityTooLarge(proposed: Int64, maximum: Int64) -> S3Error {
        S3Error(
            .entityTooLarge,
            "Your proposed upload exceeds the maximum allowed size",
            [("ProposedSize", String(proposed)), ("MaxSizeAllowed", String(maximum))]
        )
    }

    static func entityTooSmall(proposed: Int64, minimum: Int64, extra: [(name: String, value: String)] = []) -> S3Error {
        S3Error(
            .entityTooSmall,
            "Your proposed upload is smaller than the minimum allowed size",
            [("ProposedSize", String(proposed)), ("MinSizeAllowed", String(minimum))] + extra
        )
    }

    static let missingContentLength = S3Error(.missingContentLength, "You must provide the Content-Length HTTP header.")

    static func incompleteBody(declared: Int64, received: Int64) -> S3Error {
        S3Error(
            .incompleteBody,
            "You did not provide the number of bytes specified by the Content-Length HTTP header",
            [("NumberBytesExpected", String(declared)), ("NumberBytesProvided", String(received))]
        )
    }

    /// A chunked body that ended before its last chunk: there is no declared length to name.
    static let incompleteChunkedBody = S3Error(
        .incompleteBody, "The request body terminated unexpectedly"
    )

    static let invalidDigest = S3Error(.invalidDigest, "The Content-MD5 you specified was not valid.")

    static func badDigest(expected: String, calculated: String) -> S3Error {
        S3Error(
            .badDigest,
            "The Content-MD5 you specified did not match what we received.",
            [("ExpectedDigest", expected), ("CalculatedDigest", calculated)]
        )
    }

    static func checksumMismatch(_ algorithm: String) -> S3Error {
        S3Error(.badDigest, "The \(algorithm) you specified did not match the calculated checksum.")
    }

    static func contentSHA256Mismatch(client: String, computed: String) -> S3Error {
        S3Error(
            .xAmzContentSHA256Mismatch,
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
            [("ClientComputedContentSHA256", client), ("S3ComputedContentSHA256", computed)]
        )
    }

    static let requestTimeout = S3Error(
        .requestTimeout,
        "Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed."
    )

    static func invalidPart(_ partNumber: Int, etag: String) -> S3Error {
        S3Error(
            .invalidPart,
            "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
            [("UploadId", ""), ("PartNumber", String(partNumber)), ("ETag", etag)].filter { !$0.value.isEmpty }
        )
    }

    static let invalidPartOrder = S3Error(
        .invalidPartOrder,
        "The list of parts was not in ascending order. Parts must be ordered by part number."
    )

    static func malformedPOST(_ message: String = "The body of your POST request is not well-formed multipart/form-data.") -> S3Error {
        S3Error(.malformedPOSTRequest, message)
    }

    static let maxPostPreDataLengthExceeded = S3Error(
        .maxPostPreDataLengthExceeded,
        "Your POST request fields preceding the upload file were too large."
    )

    static func invalidPolicyDocument(_ message: String) -> S3Error {
        S3Error(.invalidPolicyDocument, message)
    }

    /// A POST form whose fields fail a policy condition, quoted as S3 quotes it.
    static func policyConditionFailed(_ condition: String) -> S3Error {
        S3Error(.accessDenied, "Invalid according to Policy: Policy Condition failed: \(condition)")
    }

    /// A POST form with fields no policy condition names.
    static func policyExtraFields(_ names: [String]) -> S3Error {
        S3Error(.accessDenied, "Invalid according to Policy: Extra input fields: \(names.joined(separator: ", "))")
    }

    static let postWithoutFile = S3Error(
        .invalidArgument,
        "POST requires exactly one file upload per request.",
        [("ArgumentName", "file"), ("ArgumentValue", "0")]
    )

    static let unexpectedContent = S3Error(.unexpectedContent, "This request does not support content")
}

// CORS preflight refusals.
extension S3Error {
    static let preflightWithoutOrigin = S3Error(.badRequest, "Insufficient information. Origin request header needed.")

    static func preflightInvalidMethod(_ method: String?) -> S3Error {
        S3Error(.badRequest, "Invalid Access-Control-Request-Method: \(method ?? "null")")
    }

    static let corsNotEnabled = S3Error(.accessForbidden, "CORSResponse: CORS is not enabled for this bucket.")

    static let corsNotAllowed = S3Error(
        .accessForbidden,
        "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec."
    )
}
