// SPDX-License-Identifier: Apache-2.0

import BenchSupport
import Foundation
import Metrics

/// One CSV file of results/perf/: measured columns, then the environment columns.
struct Table {
    let name: String
    let header: [String]
    private(set) var rows: [[String]] = []

    init(_ name: String, header: [String]) {
        self.name = name
        self.header = header
    }

    mutating func add(_ row: [String]) {
        precondition(row.count == header.count, "\(name): \(row.count) fields for \(header.count) columns")
        rows.append(row)
    }

    /// Writes `directory/name.csv` (replacing it) with the run's environment on every row.
    func write(to directory: String, environment: RunEnvironment) throws {
        try CSVFile.write(
            rows: rows.map { $0 + environment.fields },
            header: header + RunEnvironment.columns,
            to: directory + "/" + name + ".csv"
        )
    }
}

/// Where and when a run was made, as CSV columns.
struct RunEnvironment {
    static let columns = ["host", "cpu_model", "cores", "kernel", "swift_version", "git_revision", "date"]
    let fields: [String]

    static func capture() -> RunEnvironment {
        let machine = Environment.capture()
        // The build script passes `swift --version`'s first line; the compiler check is the fallback.
        let swift = ProcessInfo.processInfo.environment["PERF_SWIFT_VERSION"] ?? machine.swiftVersion
        return RunEnvironment(fields: [
            machine.hostName, machine.cpuModel, String(machine.cpuCount), machine.kernel, swift,
            GitRevision.current(), ISO8601DateFormatter().string(from: Date()),
        ])
    }
}

/// Number formatting for tables.
enum Format {
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "" }
        return String(format: "%.\(digits)f", value)
    }

    static let gib = Double(1 << 30)
}
