// SPDX-License-Identifier: Apache-2.0

import Metrics
@testable import Reports
import Testing

/// The environment table of report.md.
@Suite struct EnvironmentTableTests {
    // The environment table read: quick (`scenarios/quick.json (embedded)`).
    @Test func theEmbeddedScenarioIsNotPartOfItsPath() {
        #expect(MarkdownReport.scenarioSource("scenarios/quick.json" + RunMetadata.embeddedSuffix)
            == "`scenarios/quick.json`, built into the binary")
        #expect(MarkdownReport.scenarioSource("/tmp/x (1).json") == "`/tmp/x (1).json`")
    }
}
