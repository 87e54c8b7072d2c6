// SPDX-License-Identifier: Apache-2.0

/// How uploads are started.
public enum LoadModel: Sendable, Hashable {
    /// `concurrency` simulated users, each starting its next upload when the last one ends.
    case closed(concurrency: Int)
    /// Uploads start on a schedule at `rate` whatever happens to earlier ones; latency counts
    /// from each upload's intended start. At most `maxInFlight` run at once; an upload due
    /// while that many are running waits (and the wait counts in its latency).
    case open(rate: ArrivalRate, maxInFlight: Int, arrivals: ArrivalProcess)

    /// The concurrency of a closed loop.
    public var concurrency: Int? {
        if case .closed(let concurrency) = self {
            return concurrency
        }
        return nil
    }

    /// The most uploads that can be in flight at once.
    public var maxInFlight: Int {
        switch self {
        case .closed(let concurrency): return concurrency
        case .open(_, let maxInFlight, _): return maxInFlight
        }
    }
}

/// How the gaps between open-loop arrivals are drawn.
public enum ArrivalProcess: String, Sendable, Hashable, Codable, CaseIterable {
    /// Exponential gaps (a Poisson process), seeded.
    case poisson
    /// Equal gaps.
    case constant
}

extension LoadModel: CustomStringConvertible {
    /// `"concurrency 8"` or `"20/s poisson (max 64 in flight)"`.
    public var description: String {
        switch self {
        case .closed(let concurrency):
            return "concurrency \(concurrency)"
        case .open(let rate, let maxInFlight, let arrivals):
            return "\(rate) \(arrivals.rawValue) (max \(maxInFlight) in flight)"
        }
    }
}

extension LoadModel: Codable {
    private enum CodingKeys: String, CodingKey {
        case concurrency
        case arrivalRate = "arrival_rate"
        case maxInFlight = "max_in_flight"
        case arrivals
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let concurrency = try container.decodeIfPresent(Int.self, forKey: .concurrency) {
            self = .closed(concurrency: concurrency)
            return
        }
        self = .open(rate: try container.decode(ArrivalRate.self, forKey: .arrivalRate),
                     maxInFlight: try container.decode(Int.self, forKey: .maxInFlight),
                     arrivals: try container.decode(ArrivalProcess.self, forKey: .arrivals))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .closed(let concurrency):
            try container.encode(concurrency, forKey: .concurrency)
        case .open(let rate, let maxInFlight, let arrivals):
            try container.encode(rate, forKey: .arrivalRate)
            try container.encode(maxInFlight, forKey: .maxInFlight)
            try container.encode(arrivals, forKey: .arrivals)
        }
    }
}
