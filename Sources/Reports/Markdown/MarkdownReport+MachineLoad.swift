// SPDX-License-Identifier: Apache-2.0

import Metrics

extension MarkdownReport {
    /// The warning near the top: cells whose numbers the machine or the harness limited.
    /// Empty when every cell stayed under `ContentionThresholds`.
    func contentionWarning() -> String {
        let findings = analysis.cells.flatMap { ContentionCheck.findings(for: $0.cell) }
        guard !findings.isEmpty else { return "" }
        let harness = findings.contains(where: \.isHarness)
        var text = "## Warning: some numbers were limited by the \(harness ? "harness or the machine" : "machine")\n\n"
        text += "In these cells, the figures below (from the repeat where each was worst) crossed their limits, so their latency "
            + "and throughput say less about the architectures than they seem to:\n\n"
        text += findings.map { "- `\($0.cell)`: \($0.resource.rawValue) \($0.figure): \($0.meaning).\n" }.joined()
        return text + "\nThe section *Machine and harness load* has every cell's figures.\n"
    }

    /// Every cell's machine and harness load, whether or not it crossed a limit.
    func machineLoadSection() -> String {
        let components = MachineLoad.HarnessComponent.allCases
        var table = MarkdownTable(header: ["architecture", "workload", "machine busy cores", "this run's cores",
                                           "other processes' cores", "steal cores", "load avg 1 min start / end"]
            + components.map { "busiest \($0.rawValue) thread" })
        table.rightAligned = Set(2..<(7 + components.count))
        for group in analysis.workloads {
            for summary in group.cells {
                guard let load = summary.total.machineLoad else { continue }
                let cpus = " of \(load.cpuCount)"
                let averages = "\(NumberFormat.short(load.loadAverageStart)) / \(NumberFormat.short(load.loadAverageEnd))"
                table.rows.append([
                    summary.label, group.title, NumberFormat.short(load.machineBusyCores) + cpus,
                    NumberFormat.short(load.ownCores), NumberFormat.short(load.otherCores) + cpus,
                    NumberFormat.short(load.stealCores), averages,
                ] + components.map { component in
                    load.busiestThread[component.rawValue].map { NumberFormat.short($0 * 100) + "%" } ?? "–"
                })
            }
        }
        guard !table.rows.isEmpty else { return "" }
        let limits = ContentionThresholds()
        return "## Machine and harness load\n\n"
            + "CPU averaged over each measured window; machine figures from the repeat where other processes and steal "
            + "took most, harness threads the busiest of any repeat. A cell is flagged when other "
            + "processes used more than \(NumberFormat.short(limits.otherLoadFraction * 100))% of the CPUs, the "
            + "machine was busier than \(NumberFormat.short(limits.machineBusyFraction * 100))%, steal exceeded "
            + "\(NumberFormat.short(limits.stealFraction * 100))%, or one harness thread (load generator, link "
            + "emulator, mock S3) was busier than \(NumberFormat.short(limits.harnessThreadBusy * 100))% of a core. "
            + "A dash marks a component this cell did not run.\n\n"
            + table.rendered()
    }
}
