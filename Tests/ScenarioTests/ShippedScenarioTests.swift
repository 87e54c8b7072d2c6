// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Scenario

@Suite struct ShippedScenarioTests {
    @Test func everyShippedScenarioValidates() throws {
        let paths = try shippedScenarioPaths()
        let names = paths.map { ($0 as NSString).lastPathComponent }
        for expected in ["quick.json", "size-sweep.json", "concurrency-sweep.json", "slow-clients.json", "s3-faults.json",
                         "seaweedfs.json", "wan-comparison.json"] {
            #expect(names.contains(expected))
        }
        for path in paths {
            do {
                let scenario = try ScenarioFile.load(path: path)
                #expect(!scenario.matrix().isEmpty)
                #expect(scenario.name + ".json" == (path as NSString).lastPathComponent)
                #expect(!scenario.description.isEmpty)
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func embeddedDefaultIsIdenticalToQuickJSON() throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/quick.json").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == DefaultScenario.quickJSON)
        let scenario = ScenarioFile.defaultScenario()
        #expect(scenario == (try ScenarioFile.load(path: path)))
    }

    @Test func quickScenarioComparesBothArchitecturesOnThreeSizes() {
        let scenario = ScenarioFile.defaultScenario()
        let names = Set(scenario.settings.architectures.map(\.name))
        #expect(names == ["proxy", "presigned"])
        let sizes = scenario.matrix().compactMap { $0.objectSize.fixedSize?.description }
        #expect(sizes == ["64KiB", "1MiB", "8MiB"])
        let bounds = scenario.bounds
        #expect(bounds.uploads != nil)
        #expect(bounds.time <= .minutes(2))
    }

    @Test func smokeScenarioHasRepeatsEnoughForTheGate() throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/smoke.json").path
        let scenario = try ScenarioFile.load(path: path)
        #expect(Set(scenario.settings.architectures.map(\.name)) == ["proxy", "presigned"])
        #expect(scenario.settings.repeats >= 6)
        #expect(scenario.settings.app.extraCPUPerUpload == nil)
    }

    @Test func extraCPUPerUploadIsReadForExperiments() throws {
        let scenario = try parse(minimal(#""app": {"extra_cpu_per_upload": "250us"},"#))
        #expect(scenario.settings.app.extraCPUPerUpload == TimeSpan(nanoseconds: 250_000))
    }

    @Test func wanComparisonSweepsSizesForTwoClientProfiles() throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/wan-comparison.json").path
        let cells = try ScenarioFile.load(path: path).matrix()
        let links = Set(cells.map(\.network.clientS3.name))
        #expect(links == ["office-fibre", "mobile-uplink"])
        #expect(cells.allSatisfy { $0.network.clientApp == $0.network.clientS3 })
        #expect(cells.count == 10)
    }

    @Test func seaweedfsScenarioNamesCredentialVariables() throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/seaweedfs.json").path
        guard case .endpoint(let endpoint) = try ScenarioFile.load(path: path).settings.s3 else {
            Issue.record("seaweedfs.json should target an endpoint")
            return
        }
        #expect(endpoint.accessKeyIdVariable == "SEAWEED_ACCESS_KEY_ID")
        let credentials = try endpoint.credentials(
            from: ["SEAWEED_ACCESS_KEY_ID": "id", "SEAWEED_SECRET_ACCESS_KEY": "secret"], file: "seaweedfs.json")
        #expect(credentials.secretAccessKey == "secret")
        #expect(credentials.sessionToken == nil)
        let error = #expect(throws: ScenarioError.self) {
            try endpoint.credentials(from: [:], file: "seaweedfs.json")
        }
        #expect(error?.description.contains("s3.secret_access_key_env: the environment variable SEAWEED_SECRET_ACCESS_KEY is not set") == true)
        #expect(error?.label == "scenario.missing-environment")
    }
}
