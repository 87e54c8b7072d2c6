// SPDX-License-Identifier: Apache-2.0

/// One upload as the client saw it, for `requests.csv`. Times are nanoseconds;
/// a hop the architecture does not use is `nil`.
public struct UploadRecord: Sendable, Equatable, Codable {
    /// How an upload ended.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// Stored and verified.
        case ok
        /// Ended in an error after retries.
        case failed
        /// Stored with content that does not match the client's hash.
        case corrupted
        /// Reported successful but not found in S3.
        case lost
    }

    /// Index of the cell in `RunResult.cells`.
    public var cellIndex: Int
    /// Repeat number, from 0.
    public var repeatIndex: Int
    /// Upload number within the repeat, from 0.
    public var sequence: Int
    /// Object key in S3.
    public var objectKey: String
    /// Object size in bytes.
    public var objectSizeBytes: Int64
    public var outcome: Outcome
    /// S3 error code or transport error label of the last failure, if any.
    public var errorCode: String?
    /// Attempts made (1 when no retry).
    public var attempts: Int
    /// When the upload started (or was due, in open loop), in nanoseconds since the window started.
    public var startOffsetNanoseconds: Int64
    /// End-to-end latency.
    public var latencyNanoseconds: Int64
    public var presignRequestNanoseconds: Int64?
    public var clientToAppNanoseconds: Int64?
    public var appToS3Nanoseconds: Int64?
    public var clientToS3Nanoseconds: Int64?
    public var completionNanoseconds: Int64?

    public init(
        cellIndex: Int, repeatIndex: Int, sequence: Int, objectKey: String, objectSizeBytes: Int64,
        outcome: Outcome, errorCode: String? = nil, attempts: Int = 1, startOffsetNanoseconds: Int64,
        latencyNanoseconds: Int64, presignRequestNanoseconds: Int64? = nil, clientToAppNanoseconds: Int64? = nil,
        appToS3Nanoseconds: Int64? = nil, clientToS3Nanoseconds: Int64? = nil, completionNanoseconds: Int64? = nil
    ) {
        self.cellIndex = cellIndex
        self.repeatIndex = repeatIndex
        self.sequence = sequence
        self.objectKey = objectKey
        self.objectSizeBytes = objectSizeBytes
        self.outcome = outcome
        self.errorCode = errorCode
        self.attempts = attempts
        self.startOffsetNanoseconds = startOffsetNanoseconds
        self.latencyNanoseconds = latencyNanoseconds
        self.presignRequestNanoseconds = presignRequestNanoseconds
        self.clientToAppNanoseconds = clientToAppNanoseconds
        self.appToS3Nanoseconds = appToS3Nanoseconds
        self.clientToS3Nanoseconds = clientToS3Nanoseconds
        self.completionNanoseconds = completionNanoseconds
    }
}
