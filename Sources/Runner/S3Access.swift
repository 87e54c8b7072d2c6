// SPDX-License-Identifier: Apache-2.0

import Foundation
import Scenario
import SigV4

/// The credentials a run's app server signs with.
enum S3Access {
    /// Fresh random credentials for the embedded mock S3 (nothing outside the
    /// process knows them), or the endpoint's from the environment variables
    /// the scenario names.
    static func credentials(for cell: ScenarioCell) throws -> Credentials {
        switch cell.s3 {
        case .embedded:
            var generator = SystemRandomNumberGenerator()
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
            let keyID = "AKUB" + String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
            let secretBytes = (0..<30).map { _ in UInt8.random(in: 0...255, using: &generator) }
            return Credentials(accessKeyID: keyID, secretAccessKey: Data(secretBytes).base64EncodedString())
        case .endpoint(let endpoint):
            let found = try endpoint.credentials(from: ProcessInfo.processInfo.environment, file: cell.scenario)
            return Credentials(
                accessKeyID: found.accessKeyId,
                secretAccessKey: found.secretAccessKey,
                sessionToken: found.sessionToken
            )
        }
    }
}
