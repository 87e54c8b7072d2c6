// SPDX-License-Identifier: Apache-2.0

public import Metrics

/// Judges each cell's `MachineLoad` against `ContentionThresholds`.
public enum ContentionCheck {
    static let waitingForCPU = "latencies in this cell include waiting for CPU; rerun on a quieter machine or lower the concurrency"

    /// The findings of every cell of `run`, in cell order (repeats judged by their worst).
    /// - Throws: `LatencyHistogram.Error` when a cell's repeats cannot be merged.
    public static func findings(for run: RunResult, thresholds: ContentionThresholds = ContentionThresholds()) throws
        -> [ContentionFinding]
    {
        try run.cells.flatMap { cell in
            try cell.total().machineLoad.map { findings(cell: cell.key, load: $0, thresholds: thresholds) } ?? []
        }
    }

    /// The findings for one cell's load; empty for a calm cell.
    public static func findings(
        cell: String, load: MachineLoad, thresholds: ContentionThresholds = ContentionThresholds()
    ) -> [ContentionFinding] {
        let cpus = Double(max(load.cpuCount, 1))
        let ofCPUs = "cores of \(load.cpuCount)"
        var found: [ContentionFinding] = []
        if load.otherCores > thresholds.otherLoadFraction * cpus {
            found.append(ContentionFinding(
                cell: cell, resource: .otherProcesses,
                figure: "used \(NumberFormat.short(load.otherCores)) \(ofCPUs) (machine busy "
                    + "\(NumberFormat.short(load.machineBusyCores)) \(ofCPUs)\(loadAverages(load)))",
                meaning: waitingForCPU
            ))
        } else if load.machineBusyCores > thresholds.machineBusyFraction * cpus {
            found.append(ContentionFinding(
                cell: cell, resource: .machineCPU,
                figure: "busy \(NumberFormat.short(load.machineBusyCores)) \(ofCPUs), "
                    + "\(NumberFormat.short(load.ownCores)) of them this run's",
                meaning: "the app server, mock S3 and clients competed for too few CPUs, so " + waitingForCPU
            ))
        }
        if load.stealCores > thresholds.stealFraction * cpus {
            found.append(ContentionFinding(
                cell: cell, resource: .steal, figure: "took \(NumberFormat.short(load.stealCores)) \(ofCPUs)",
                meaning: "the hypervisor ran other guests, so " + waitingForCPU
            ))
        }
        for (component, resource) in harnessComponents {
            guard let busy = load.busiestThread[component.rawValue], busy > thresholds.harnessThreadBusy else { continue }
            found.append(ContentionFinding(
                cell: cell, resource: resource,
                figure: "busy \(NumberFormat.short(busy * 100))% of one core",
                meaning: "the harness was the bottleneck, so this cell's latency and throughput reflect the harness, "
                    + "not the architecture under test; lower the concurrency or give the harness more CPU"
            ))
        }
        return found
    }

    /// Each harness component's resource, in report order.
    static let harnessComponents: [(MachineLoad.HarnessComponent, ContentionFinding.Resource)] = [
        (.loadGenerator, .loadGenerator), (.linkEmulator, .linkEmulator), (.mockS3, .mockS3),
    ]

    private static func loadAverages(_ load: MachineLoad) -> String {
        guard let start = load.loadAverageStart, let end = load.loadAverageEnd else { return "" }
        return ", load average \(NumberFormat.short(start)) to \(NumberFormat.short(end))"
    }
}
