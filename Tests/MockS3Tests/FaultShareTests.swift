// SPDX-License-Identifier: Apache-2.0

@testable import MockS3
import Testing

/// The fault rates are shares of the requests, as `serve s3` and scenarios describe them.
@Suite struct FaultShareTests {
    // Rates adding up to 100% leave no upload unfaulted: a reset share drawn apart from the
    // error shares would reset only half of the uploads the errors left alone.
    @Test func ratesThatAddUpToOneFaultEveryUpload() {
        var faults = Faults()
        faults.slowDownRate = 0.25
        faults.internalErrorRate = 0.25
        faults.resetRate = 0.5
        faults.seed = 7
        let injector = FaultInjector(faults)
        let decisions = (0..<1_000).map { _ in injector.decide(isUpload: true) }
        let resets = decisions.filter { $0.resetAfterBytes != nil }
        #expect(decisions.allSatisfy { $0.error != nil || $0.resetAfterBytes != nil })
        #expect(resets.allSatisfy { $0.error == nil })
        #expect(!resets.isEmpty)
    }

    @Test func aResetRateOfOneResetsEveryUploadAndNoOtherRequest() {
        var faults = Faults()
        faults.resetRate = 1
        let injector = FaultInjector(faults)
        #expect((0..<100).allSatisfy { _ in injector.decide(isUpload: true).resetAfterBytes == 65_536 })
        #expect((0..<100).allSatisfy { _ in injector.decide(isUpload: false).resetAfterBytes == nil })
    }
}
