// SPDX-License-Identifier: Apache-2.0

/// The credential scope `YYYYMMDD/region/service/aws4_request` that binds a signature.
///
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
public struct CredentialScope: Sendable, Hashable {
    /// The date part, `YYYYMMDD` in UTC.
    public var date: String
    /// The region, for example `us-east-1`.
    public var region: String
    /// The service, `s3` for S3.
    public var service: String

    /// The fixed last part of every SigV4 scope.
    public static let terminal = "aws4_request"

    /// Creates a scope.
    public init(date: String, region: String, service: String) {
        self.date = date
        self.region = region
        self.service = service
    }

    /// The scope as it appears in the string to sign and in `Credential=`.
    public var string: String { "\(date)/\(region)/\(service)/\(Self.terminal)" }
}
