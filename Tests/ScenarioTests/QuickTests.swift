// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Scenario

@Suite struct ShippedScenarioTests {
    @Test func everyShippedScenarioValidates() throws {
        let paths = try shippedScenarioPaths()
        #expect(paths.count >= 1)
        for path in paths {
            do {
                let scenario = try ScenarioFile.load(path: path)
                #expect(!scenario.matrix().isEmpty)
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
        #expect(scenario.name == "quick")
        #expect(scenario == (try ScenarioFile.load(path: path)))
    }
}
