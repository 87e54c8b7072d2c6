// SPDX-License-Identifier: Apache-2.0

/// Why a report could not be written or a run could not be read.
public struct ReportError: Error, CustomStringConvertible, Equatable {
    private enum Code: String {
        case cannotWrite = "cannot-write"
        case missingRun = "missing-run"
        case corruptRun = "corrupt-run"
        case unsupportedVersion = "unsupported-version"
    }

    private let code: Code
    /// A sentence for people, naming the file.
    public let message: String

    /// A short label, safe for CSV cells and metric names.
    public var label: String { code.rawValue }
    public var description: String { message }

    static func cannotWrite(_ path: String) -> ReportError {
        ReportError(code: .cannotWrite, message: "Cannot write \(path).")
    }

    static func missingRun(_ path: String) -> ReportError {
        ReportError(code: .missingRun, message: "No run found at \(path): pass a run directory or its run.json.")
    }

    static func corruptRun(_ path: String, _ reason: String) -> ReportError {
        ReportError(code: .corruptRun, message: "\(path) is not a readable run file: \(reason).")
    }

    static func unsupportedVersion(_ path: String, _ version: Int) -> ReportError {
        ReportError(
            code: .unsupportedVersion,
            message: "\(path) has format version \(version); this build reads version \(RunFile.formatVersion)."
        )
    }
}
