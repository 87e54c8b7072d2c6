// SPDX-License-Identifier: Apache-2.0

@testable import Runner
import Testing

/// The first progress line of `upload-bench run`.
@Suite struct StartLineTests {
    // A one-cell scenario printed "1 cells x 2 architectures".
    @Test func oneCellIsSingular() {
        let text = StartLine.text(scenario: "quick", cells: 1, architectures: 2, directory: "results/quick")
        #expect(text == "upload-bench: quick: 1 cell x 2 architectures -> results/quick")
    }

    @Test func nounsAgreeWithTheirNumbers() {
        #expect(StartLine.counted(0, "cell") == "0 cells")
        #expect(StartLine.counted(1, "architecture") == "1 architecture")
        #expect(StartLine.counted(3, "cell") == "3 cells")
    }
}
