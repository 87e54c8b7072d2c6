// SPDX-License-Identifier: Apache-2.0

/// When a cell's numbers count as limited by the machine or by the harness.
public struct ContentionThresholds: Sendable, Equatable {
    /// A harness thread (load generator, link emulator, mock S3) busier than
    /// this share of one core over the window cannot keep up: requests wait for it.
    public var harnessThreadBusy: Double
    /// The whole machine busier than this share of its CPUs: runnable threads queue for a CPU.
    public var machineBusyFraction: Double
    /// Other processes using more than this share of the CPUs took enough to delay this run's threads.
    public var otherLoadFraction: Double
    /// A hypervisor taking more than this share of the CPUs for other guests.
    public var stealFraction: Double

    public init(
        harnessThreadBusy: Double = 0.9, machineBusyFraction: Double = 0.9, otherLoadFraction: Double = 0.25,
        stealFraction: Double = 0.1
    ) {
        self.harnessThreadBusy = harnessThreadBusy
        self.machineBusyFraction = machineBusyFraction
        self.otherLoadFraction = otherLoadFraction
        self.stealFraction = stealFraction
    }
}
