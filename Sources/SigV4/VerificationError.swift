// SPDX-License-Identifier: Apache-2.0

/// Why a request's signature was refused, with what S3 puts in its XML error body.
///
/// `s3Code`, `httpStatus` and `message` follow S3's own answers where they are known
/// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html); `fields`
/// are the extra elements of the `<Error>` body, in order. `description` is a short
/// label without any request data, safe as a metric or CSV value.
public struct VerificationError: Error, Sendable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case missingAuthentication
        case conflictingAuthentication
        case unsupportedAuthorization
        case malformedAuthorization
        case missingQueryParameters
        case duplicateQueryParameter
        case unsupportedAlgorithm
        case malformedCredential
        case wrongTerminal
        case wrongService
        case wrongRegion
        case missingDate
        case malformedDate
        case credentialDateMismatch
        case expiresNotANumber
        case expiresNegative
        case expiresTooLarge
        case unknownAccessKey
        case invalidSessionToken
        case expired
        case notYetValid
        case requestTimeTooSkewed
        case headersNotSigned
        case missingContentSHA256
        case invalidContentSHA256
        case unsupportedContentSHA256
        case malformedURI
        case missingPostField
        case malformedPostPolicy
        case policyMissingExpiration
        case policyExpired
        case signatureMismatch
    }

    private let code: Code
    /// S3's error code, for `<Code>` (`SignatureDoesNotMatch`, `AccessDenied`, …).
    public let s3Code: String
    /// The HTTP status S3 answers with.
    public let httpStatus: Int
    /// S3's `<Message>`.
    public let message: String
    /// Extra `<Error>` elements in order (`Region`, `HeadersNotSigned`, `StringToSign`, …).
    public let fields: [(name: String, value: String)]

    private init(_ code: Code, _ s3Code: String, _ status: Int, _ message: String, _ fields: [(String, String)] = []) {
        self.code = code
        self.s3Code = s3Code
        self.httpStatus = status
        self.message = message
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    /// The short label of the failure (`signatureMismatch`, `expired`, …).
    public var description: String { code.rawValue }

    /// Whether the request carried no signature at all (an anonymous request).
    public var isMissingAuthentication: Bool { code == .missingAuthentication }

    /// The value of the extra field `name`, if present.
    public func field(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }
}

// Constructors, one per failure. Messages quote S3 where its wording is known; the
// few without a known S3 wording say so in a comment.
extension VerificationError {
    static let missingAuthentication = VerificationError(.missingAuthentication, "AccessDenied", 403, "Access Denied")

    static let conflictingAuthentication = VerificationError(
        .conflictingAuthentication, "InvalidArgument", 400,
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string "
            + "parameter or the Authorization header should be specified",
        [("ArgumentName", "Authorization")]
    )

    static func unsupportedAuthorization(_ value: String) -> VerificationError {
        VerificationError(
            .unsupportedAuthorization, "InvalidArgument", 400, "Unsupported Authorization Type",
            [("ArgumentName", "Authorization"), ("ArgumentValue", value)]
        )
    }

    static let authorizationComponents = VerificationError(
        .malformedAuthorization, "AuthorizationHeaderMalformed", 400,
        "The authorization header is malformed; the authorization header requires three components: "
            + "Credential, SignedHeaders, and Signature."
    )

    // Our wording: S3's answer to two Authorization headers is not documented.
    static let repeatedAuthorization = VerificationError(
        .malformedAuthorization, "AuthorizationHeaderMalformed", 400,
        "The authorization header is malformed; only one Authorization header is allowed."
    )

    static let missingQueryParameters = VerificationError(
        .missingQueryParameters, "AuthorizationQueryParametersError", 400,
        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, "
            + "X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
    )

    // Our wording: S3's answer to a repeated authentication parameter is not documented.
    static func duplicateQueryParameter(_ name: String) -> VerificationError {
        VerificationError(
            .duplicateQueryParameter, "AuthorizationQueryParametersError", 400,
            "The \(name) parameter must appear only once."
        )
    }

    static func unsupportedAlgorithm(_ form: VerifiedRequest.Form, _ value: String) -> VerificationError {
        switch form {
        case .header: unsupportedAuthorization(value)
        case .query:
            VerificationError(
                .unsupportedAlgorithm, "AuthorizationQueryParametersError", 400,
                "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\""
            )
        }
    }

    private static func credentialError(
        _ code: Code, _ form: VerifiedRequest.Form, _ detail: String, _ fields: [(String, String)] = []
    ) -> VerificationError {
        switch form {
        case .header:
            VerificationError(
                code, "AuthorizationHeaderMalformed", 400, "The authorization header is malformed; \(detail)", fields)
        case .query:
            VerificationError(
                code, "AuthorizationQueryParametersError", 400,
                "Error parsing the X-Amz-Credential parameter; \(detail)", fields)
        }
    }

    static func malformedCredential(_ form: VerifiedRequest.Form) -> VerificationError {
        credentialError(
            .malformedCredential, form,
            "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
    }

    static func wrongTerminal(_ form: VerifiedRequest.Form, _ terminal: String) -> VerificationError {
        credentialError(
            .wrongTerminal, form, "incorrect terminal \"\(terminal)\". This endpoint uses \"aws4_request\".")
    }

    static func wrongService(_ form: VerifiedRequest.Form, _ service: String, expected: String) -> VerificationError {
        credentialError(
            .wrongService, form, "incorrect service \"\(service)\". This endpoint belongs to \"\(expected)\".")
    }

    static func wrongRegion(_ form: VerifiedRequest.Form, _ region: String, expected: String) -> VerificationError {
        credentialError(
            .wrongRegion, form, "the region '\(region)' is wrong; expecting '\(expected)'", [("Region", expected)])
    }

    static func credentialDateMismatch(_ form: VerifiedRequest.Form, _ date: String, amzDate: String)
        -> VerificationError
    {
        credentialError(
            .credentialDateMismatch, form,
            "Invalid credential date \"\(date)\". Date is not the same as X-Amz-Date: \"\(amzDate.prefix(8))\".")
    }

    static let missingDate = VerificationError(
        .missingDate, "AccessDenied", 403, "AWS authentication requires a valid Date or x-amz-date header")

    static let malformedQueryDate = VerificationError(
        .malformedDate, "AuthorizationQueryParametersError", 400,
        "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""
    )

    static let expiresNotANumber = VerificationError(
        .expiresNotANumber, "AuthorizationQueryParametersError", 400, "X-Amz-Expires should be a number")

    static let expiresNegative = VerificationError(
        .expiresNegative, "AuthorizationQueryParametersError", 400, "X-Amz-Expires must be non-negative")

    static let expiresTooLarge = VerificationError(
        .expiresTooLarge, "AuthorizationQueryParametersError", 400,
        "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less "
            + "than 604800 seconds"
    )

    static func unknownAccessKey(_ accessKeyID: String) -> VerificationError {
        VerificationError(
            .unknownAccessKey, "InvalidAccessKeyId", 403,
            "The AWS Access Key Id you provided does not exist in our records.", [("AWSAccessKeyId", accessKeyID)]
        )
    }

    static let invalidSessionToken = VerificationError(
        .invalidSessionToken, "InvalidToken", 400, "The provided token is malformed or otherwise invalid.")

    static func expired(expires: Int, expiresAt: String, serverTime: String) -> VerificationError {
        VerificationError(
            .expired, "AccessDenied", 403, "Request has expired",
            [("X-Amz-Expires", String(expires)), ("Expires", expiresAt), ("ServerTime", serverTime)]
        )
    }

    static func notYetValid(amzDate: String, expiresAt: String, serverTime: String) -> VerificationError {
        VerificationError(
            .notYetValid, "AccessDenied", 403, "Request is not yet valid",
            [("X-Amz-Date", amzDate), ("Expires", expiresAt), ("ServerTime", serverTime)]
        )
    }

    static func requestTimeTooSkewed(requestTime: String, serverTime: String, maxSkew: Int) -> VerificationError {
        VerificationError(
            .requestTimeTooSkewed, "RequestTimeTooSkewed", 403,
            "The difference between the request time and the current time is too large.",
            [("RequestTime", requestTime), ("ServerTime", serverTime), ("MaxAllowedSkewMilliseconds", String(maxSkew))]
        )
    }

    static func headersNotSigned(_ names: [String]) -> VerificationError {
        VerificationError(
            .headersNotSigned, "AccessDenied", 403, "There were headers present in the request which were not signed",
            [("HeadersNotSigned", names.joined(separator: ", "))]
        )
    }

    static let missingContentSHA256 = VerificationError(
        .missingContentSHA256, "InvalidRequest", 400,
        "Missing required header for this request: x-amz-content-sha256")

    static func invalidContentSHA256(_ value: String) -> VerificationError {
        VerificationError(
            .invalidContentSHA256, "InvalidArgument", 400,
            "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
                + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, "
                + "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER "
                + "or a valid sha256 value.",
            [("ArgumentName", "x-amz-content-sha256"), ("ArgumentValue", value)]
        )
    }

    static func unsupportedContentSHA256(_ value: String) -> VerificationError {
        VerificationError(
            .unsupportedContentSHA256, "NotImplemented", 501,
            "A header you provided implies functionality that is not implemented",
            [("Header", "x-amz-content-sha256"), ("ArgumentValue", value)]
        )
    }

    static let malformedURI = VerificationError(
        .malformedURI, "InvalidURI", 400, "Couldn't parse the specified URI.")

    static func missingPostField(_ name: String) -> VerificationError {
        VerificationError(
            .missingPostField, "InvalidArgument", 400,
            "Bucket POST must contain a field named '\(name)'.  If it is specified, please check the order of the fields.",
            [("ArgumentName", name), ("ArgumentValue", "")]
        )
    }

    // Our wording: a policy that is signed correctly but is not base64 has no documented S3 answer.
    static let malformedPostPolicy = VerificationError(
        .malformedPostPolicy, "InvalidPolicyDocument", 400, "Invalid Policy: Invalid JSON.")

    static let policyMissingExpiration = VerificationError(
        .policyMissingExpiration, "InvalidPolicyDocument", 400, "Invalid Policy: Policy missing expiration.")

    static let policyExpired = VerificationError(
        .policyExpired, "AccessDenied", 403, "Invalid according to Policy: Policy expired.")

    /// A mismatch; POST forms have no canonical request (the string to sign is the policy).
    static func signatureMismatch(
        accessKeyID: String, stringToSign: String, provided: String, canonicalRequest: String?
    ) -> VerificationError {
        var fields = [("AWSAccessKeyId", accessKeyID), ("StringToSign", stringToSign), ("SignatureProvided", provided)]
        if let canonicalRequest { fields.append(("CanonicalRequest", canonicalRequest)) }
        return VerificationError(
            .signatureMismatch, "SignatureDoesNotMatch", 403,
            "The request signature we calculated does not match the signature you provided. "
                + "Check your key and signing method.",
            fields
        )
    }
}
