// SPDX-License-Identifier: Apache-2.0

/// The outcome of one access-control probe made during a run, e.g. "an
/// expired presigned URL is refused" or "a URL for one key cannot write another".
public struct SecurityCheck: Sendable, Equatable, Codable {
    /// What was tried, as a sentence.
    public var name: String
    /// True when the system behaved as the claim needs (the request was refused).
    public var passed: Bool
    /// What happened, e.g. `403 AccessDenied after 1 s`.
    public var detail: String

    public init(name: String, passed: Bool, detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}
