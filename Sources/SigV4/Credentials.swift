// SPDX-License-Identifier: Apache-2.0

/// An AWS access key pair, with the session token of temporary credentials.
public struct Credentials: Sendable, Hashable {
    /// The access key ID (`AKIA…` for long-term keys, `ASIA…` for temporary ones).
    public var accessKeyID: String
    /// The secret access key; it never leaves the process.
    public var secretAccessKey: String
    /// The session token of temporary credentials, sent as `X-Amz-Security-Token`.
    public var sessionToken: String?

    /// Creates credentials.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension Credentials: CustomStringConvertible {
    /// The access key ID only; the secret and token print as `***`.
    public var description: String {
        "Credentials(\(accessKeyID), secret: ***\(sessionToken == nil ? "" : ", token: ***"))"
    }
}
