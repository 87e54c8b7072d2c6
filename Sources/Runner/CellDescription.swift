// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics
import Scenario

/// How cells, links and targets are named in the run's results.
enum CellDescription {
    static func result(cell: ScenarioCell, architecture: Architecture, repeats: [RepeatResult]) -> CellResult {
        let distribution = cell.objectSize
        var rate: Double?
        if case .open(let arrival, _, _) = cell.load {
            rate = arrival.perSecond
        }
        return CellResult(
            architecture: architecture.name,
            variant: architecture.variant,
            objectSizeBytes: distribution.fixedSize?.bytes ?? Int64(distribution.meanBytes.rounded()),
            objectSizeDistribution: distribution.fixedSize == nil ? String(describing: distribution) : nil,
            concurrency: cell.load.maxInFlight,
            arrivalRatePerSecond: rate,
            linkProfile: linkLabel(cell),
            parameters: json(cell),
            repeats: repeats
        )
    }

    /// The client-to-app link's name, followed by any other link this cell's sweep varies: reports,
    /// summary.csv and compare tell network cells apart by this label alone, and with the client link only,
    /// cells of an app_s3 sweep were merged and compared across networks.
    static func linkLabel(_ cell: ScenarioCell) -> String {
        var label = cell.network.clientApp.name
        for coordinate in cell.coordinates {
            switch coordinate.field {
            case .appS3Link: label += ", app-s3 \(cell.network.appS3.name)"
            case .clientS3Link: label += ", client-s3 \(cell.network.clientS3.name)"
            case .clientLink, .clientAppLink, .concurrency, .arrivalRate, .objectSize: break
            }
        }
        return label
    }

    /// The links and what shaped them, for the report's method line.
    /// - Parameter shaping: the choice of every cell, in order (repeats are said once).
    static func networkModelSummary(_ network: NetworkModel, shaping: [LinkShapingChoice]) -> String {
        if network.links.allSatisfy({ $0.link.isLoopback }) {
            return "loopback (no link model)"
        }
        let described = network.links.map { "\($0.name) \($0.link.name)" }.joined(separator: ", ")
        var methods: [String] = []
        for choice in shaping where !methods.contains(choice.method) {
            methods.append(choice.method)
        }
        return "\(methods.joined(separator: "; ")): \(described)"
    }

    static func s3Summary(_ target: S3Target) -> String {
        switch target {
        case .embedded(let embedded):
            return "embedded mock S3 (storage \(embedded.storage.rawValue), MD5 \(embedded.md5 ? "on" : "off"))"
        case .endpoint(let endpoint):
            return "endpoint \(endpoint.url) bucket \(endpoint.bucket)"
        }
    }

    /// Any encodable value as the results' JSON value.
    static func json(_ value: some Encodable) -> JSONValue? {
        guard let data = try? JSONEncoder().encode(value) else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: data)
    }
}

/// The line logged after each measured run.
enum CellLine {
    static func text(architecture: Architecture, cell: ScenarioCell, repeatIndex: Int, result: RepeatResult) -> String {
        let p50 = result.latency.value(atPercent: 50).map { String(format: "%.1f ms", Double($0) / 1e6) } ?? "-"
        let p99 = result.latency.value(atPercent: 99).map { String(format: "%.1f ms", Double($0) / 1e6) } ?? "-"
        let failed = result.uploadsFailed + result.uploadsCorrupted + result.uploadsLost
        return "  \(architecture.label) [\(cell.label)] repeat \(repeatIndex + 1): "
            + "\(result.uploadsOK) ok, \(failed) not ok, p50 \(p50), p99 \(p99), "
            + String(format: "app CPU %.3f s", Double(result.appCPUNanoseconds) / 1e9)
    }
}
