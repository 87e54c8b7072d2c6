// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import Metrics

/// `requests.csv`: one row per upload with its per-hop times, written as the
/// run goes so that millions of uploads need no memory.
public final class RequestsCSV {
    /// The columns, in order.
    public static let columns = [
        "architecture", "variant", "object_size_bytes", "concurrency", "link_profile", "repeat", "sequence",
        "object_key", "upload_size_bytes", "outcome", "error_code", "attempts", "start_offset_ms", "latency_ms",
        "presign_request_ms", "client_to_app_ms", "app_to_s3_ms", "client_to_s3_ms", "completion_ms",
    ]

    private let handle: FileHandle
    private let cells: [CellResult]
    private var buffer = ""

    /// Creates (or truncates) `url` and writes the header.
    /// - Parameter cells: the run's cells, to which `UploadRecord.cellIndex` points.
    public init(url: URL, cells: [CellResult]) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: Data(CSVTable.line(Self.columns).utf8)) else {
            throw ReportError.cannotWrite(url.path)
        }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        self.cells = cells
    }

    deinit {
        try? handle.close()
    }

    /// Adds one row (buffered; `close()` flushes).
    public func append(_ record: UploadRecord) throws {
        buffer += CSVTable.line(Self.fields(of: record, cell: cells.indices.contains(record.cellIndex)
            ? cells[record.cellIndex] : nil))
        if buffer.utf8.count >= 64 * 1024 { try flush() }
    }

    /// Writes what is buffered and closes the file.
    public func close() throws {
        try flush()
        try handle.close()
    }

    private func flush() throws {
        try handle.write(contentsOf: Data(buffer.utf8))
        buffer = ""
    }

    static func fields(of record: UploadRecord, cell: CellResult?) -> [String] {
        func ms(_ nanoseconds: Int64?) -> String {
            nanoseconds.map { NumberFormat.csv(Double($0) / 1e6, digits: 9) } ?? ""
        }
        return [
            cell?.architecture ?? "", cell?.variant ?? "", cell.map { String($0.objectSizeBytes) } ?? "",
            cell.map { String($0.concurrency) } ?? "", cell?.linkProfile ?? "", String(record.repeatIndex + 1),
            String(record.sequence), record.objectKey, String(record.objectSizeBytes), record.outcome.rawValue,
            record.errorCode ?? "", String(record.attempts), ms(record.startOffsetNanoseconds),
            ms(record.latencyNanoseconds), ms(record.presignRequestNanoseconds), ms(record.clientToAppNanoseconds),
            ms(record.appToS3Nanoseconds), ms(record.clientToS3Nanoseconds), ms(record.completionNanoseconds),
        ]
    }
}
