// SPDX-License-Identifier: Apache-2.0

import LoadGenerator
import Scenario

/// Turns a scenario's load and retry settings into the load generator's.
enum LoadShapeMapping {
    static func shape(_ load: LoadModel, seed: UInt64) -> LoadShape {
        switch load {
        case .closed(let concurrency):
            return .closed(concurrency: concurrency)
        case .open(let rate, let maxInFlight, let arrivals):
            return .open(OpenLoop(
                arrivalsPerSecond: rate.perSecond,
                arrivals: arrivals == .poisson ? .poisson : .uniform,
                maxInFlight: maxInFlight,
                seed: seed
            ))
        }
    }

    static func retry(_ policy: ScenarioRetryPolicy, seed: UInt64) -> ClientRetryPolicy {
        ClientRetryPolicy(
            maxAttempts: policy.maxAttempts,
            initialBackoff: policy.initialBackoff.duration,
            multiplier: policy.multiplier,
            maxBackoff: policy.maxBackoff.duration,
            jitter: policy.jitter,
            seed: seed
        )
    }
}
