// SPDX-License-Identifier: Apache-2.0

/// A field given as a list in the scenario file: each value makes its own matrix cells.
public struct SweepAxis: Sendable, Hashable, Codable {
    /// The swept field, as written in the file (`object_size`, `load.concurrency`, ...).
    public let field: SweepField
    public let values: [SweepValue]
}

/// The fields that take a list.
public enum SweepField: String, Sendable, Hashable, Codable, CaseIterable {
    case clientLink = "network.client"
    case clientAppLink = "network.client_app"
    case appS3Link = "network.app_s3"
    case clientS3Link = "network.client_s3"
    case concurrency = "load.concurrency"
    case arrivalRate = "load.arrival_rate"
    case objectSize = "object_size"
}

/// One value of a swept field.
public enum SweepValue: Sendable, Hashable, Codable {
    case objectSize(ObjectSizeDistribution)
    case concurrency(Int)
    case arrivalRate(ArrivalRate)
    case link(NetworkLink)

    /// How the value appears in cell labels.
    public var label: String {
        switch self {
        case .objectSize(let distribution): return distribution.description
        case .concurrency(let concurrency): return String(concurrency)
        case .arrivalRate(let rate): return rate.description
        case .link(let link): return link.description
        }
    }
}

/// One swept field's value in a cell, for labels and report columns.
public struct SweepCoordinate: Sendable, Hashable, Codable {
    public let field: SweepField
    public let value: SweepValue
}

extension SweepCoordinate: CustomStringConvertible {
    /// `"object_size=1MiB"`.
    public var description: String {
        "\(field.rawValue)=\(value.label)"
    }
}

extension ScenarioSettings {
    /// Sets the swept field to `value`.
    mutating func apply(_ value: SweepValue, to field: SweepField) {
        switch (field, value) {
        case (.objectSize, .objectSize(let distribution)):
            objectSize = distribution
        case (.concurrency, .concurrency(let concurrency)):
            load = .closed(concurrency: concurrency)
        case (.arrivalRate, .arrivalRate(let rate)):
            if case .open(_, let maxInFlight, let arrivals) = load {
                load = .open(rate: rate, maxInFlight: maxInFlight, arrivals: arrivals)
            }
        case (.clientLink, .link(let link)):
            network = NetworkModel(clientApp: link, appS3: network.appS3, clientS3: link, shaping: network.shaping)
        case (.clientAppLink, .link(let link)):
            network = NetworkModel(clientApp: link, appS3: network.appS3, clientS3: network.clientS3, shaping: network.shaping)
        case (.appS3Link, .link(let link)):
            network = NetworkModel(clientApp: network.clientApp, appS3: link, clientS3: network.clientS3, shaping: network.shaping)
        case (.clientS3Link, .link(let link)):
            network = NetworkModel(clientApp: network.clientApp, appS3: network.appS3, clientS3: link, shaping: network.shaping)
        default:
            preconditionFailure("sweep value \(value) does not fit \(field)")
        }
    }
}
