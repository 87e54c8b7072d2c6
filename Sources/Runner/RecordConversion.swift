// SPDX-License-Identifier: Apache-2.0

import LoadGenerator
import Metrics

/// Turns the load generator's per-upload records into report rows and
/// repeat totals.
enum RecordConversion {
    /// One `requests.csv` row for `record`.
    static func row(
        _ record: ClientUploadRecord,
        outcome: ReportRow.Outcome,
        cellIndex: Int,
        repeatIndex: Int,
        keyPrefix: String,
        windowStart: UInt64
    ) -> ReportRow {
        ReportRow(
            cellIndex: cellIndex,
            repeatIndex: repeatIndex,
            sequence: record.index,
            objectKey: keyPrefix + record.key,
            objectSizeBytes: Int64(record.objectSize),
            outcome: outcome,
            errorCode: record.errorCode ?? (outcome == .lost ? "NotStored" : nil),
            attempts: record.attempts,
            startOffsetNanoseconds: Int64(record.intendedStartNanoseconds &- windowStart),
            latencyNanoseconds: Int64(record.latencyNanoseconds),
            presignRequestNanoseconds: span(record, [.presign, .multipartCreate, .partURL]),
            clientToAppNanoseconds: span(record, [.appUpload]),
            appToS3Nanoseconds: nil,
            clientToS3Nanoseconds: span(record, [.s3Upload, .part]),
            completionNanoseconds: span(record, [.multipartComplete, .confirm])
        )
    }

    /// Adds one measured upload to the repeat's totals and histograms.
    static func add(_ row: ReportRow, record: ClientUploadRecord, to result: inout RepeatResult) {
        switch row.outcome {
        case .ok:
            result.uploadsOK += 1
            result.bytesUploaded += row.objectSizeBytes
            result.latency.record(row.latencyNanoseconds)
            if let value = row.presignRequestNanoseconds { result.hops.presignRequest.record(value) }
            if let value = row.clientToAppNanoseconds { result.hops.clientToApp.record(value) }
            if let value = row.clientToS3Nanoseconds { result.hops.clientToS3.record(value) }
            if let value = row.completionNanoseconds { result.hops.completion.record(value) }
        case .failed:
            result.uploadsFailed += 1
        case .corrupted:
            result.uploadsCorrupted += 1
        case .lost:
            result.uploadsLost += 1
        }
        // Retried failures count by code too, so a report shows what retries hid.
        for code in record.retriedErrorCodes {
            result.errorsByCode[code, default: 0] += 1
        }
        if row.outcome != .ok, let code = row.errorCode {
            result.errorsByCode[code, default: 0] += 1
        }
    }

    /// Wall time from the first request of `kinds` being issued to the last one
    /// ending (parts overlap, so this is not their sum); nil when none was made.
    private static func span(_ record: ClientUploadRecord, _ kinds: Set<HopRecord.Kind>) -> Int64? {
        let hops = record.hops.filter { kinds.contains($0.kind) }
        guard let first = hops.map(\.issuedNanoseconds).min(), let last = hops.map(\.endNanoseconds).max() else {
            return nil
        }
        return Int64(last &- first)
    }
}
