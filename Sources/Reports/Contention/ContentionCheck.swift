// SPDX-License-Identifier: Apache-2.0

public import Metrics

/// Judges each cell's `MachineLoad` against `ContentionThresholds`.
public enum ContentionCheck {
    static let waitingForCPU = "latencies in this cell include waiting for CPU; rerun on a quieter machine or lower the concurrency"

    /// The findings of every cell of `run`, in cell order.
    public static func findings(for run: RunResult, thresholds: ContentionThresholds = ContentionThresholds())
        -> [ContentionFinding]
    {
        run.cells.flatMap { findings(for: $0, thresholds: thresholds) }
    }

    /// The findings of one cell. Each repeat is judged on its own, so merging
    /// cannot hide a disturbed repeat; each resource is reported once, with the
    /// figure of the repeat where it was highest.
    public static func findings(for cell: CellResult, thresholds: ContentionThresholds = ContentionThresholds())
        -> [ContentionFinding]
    {
        var worst: [ContentionFinding.Resource: (severity: Double, finding: ContentionFinding)] = [:]
        for load in cell.repeats.compactMap(\.machineLoad) {
            for finding in findings(cell: cell.key, load: load, thresholds: thresholds) {
                let severity = severity(of: finding.resource, in: load)
                if severity > worst[finding.resource]?.severity ?? -1 {
                    worst[finding.resource] = (severity, finding)
                }
            }
        }
        return ContentionFinding.Resource.allCases.compactMap { worst[$0]?.finding }
    }

    /// The findings for one cell's load; empty for a calm cell.
    public static func findings(
        cell: String, load: MachineLoad, thresholds: ContentionThresholds = ContentionThresholds()
    ) -> [ContentionFinding] {
        let cpus = Double(max(load.cpuCount, 1))
        let ofCPUs = "of \(load.cpuCount)"
        var found: [ContentionFinding] = []
        if load.otherCores > thresholds.otherLoadFraction * cpus {
            found.append(ContentionFinding(
                cell: cell, resource: .otherProcesses,
                figure: "used \(cores(load.otherCores)) \(ofCPUs) (machine busy "
                    + "\(cores(load.machineBusyCores)) \(ofCPUs)\(loadAverages(load)))",
                meaning: waitingForCPU
            ))
        } else if load.machineBusyCores > thresholds.machineBusyFraction * cpus {
            found.append(ContentionFinding(
                cell: cell, resource: .machineCPU,
                figure: "busy \(cores(load.machineBusyCores)) \(ofCPUs), "
                    + "\(NumberFormat.short(load.ownCores)) of them this run's",
                meaning: "the app server, mock S3 and clients competed for too few CPUs, so " + waitingForCPU
            ))
        }
        if load.stealCores > thresholds.stealFraction * cpus {
            found.append(ContentionFinding(
                cell: cell, resource: .steal, figure: "took \(cores(load.stealCores)) \(ofCPUs)",
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

    /// The figure a resource's finding is about, to pick the worst repeat.
    private static func severity(of resource: ContentionFinding.Resource, in load: MachineLoad) -> Double {
        switch resource {
        case .machineCPU: load.machineBusyCores
        case .otherProcesses: load.otherCores
        case .steal: load.stealCores
        case .loadGenerator, .linkEmulator, .mockS3:
            harnessComponents.first { $0.1 == resource }.flatMap { load.busiestThread[$0.0.rawValue] } ?? 0
        }
    }

    /// "1 core", "0.9 cores": the figure as printed decides the noun.
    private static func cores(_ value: Double) -> String {
        let figure = NumberFormat.short(value)
        return "\(figure) \(figure == "1" ? "core" : "cores")"
    }

    private static func loadAverages(_ load: MachineLoad) -> String {
        guard let start = load.loadAverageStart, let end = load.loadAverageEnd else { return "" }
        return ", load average \(NumberFormat.short(start)) to \(NumberFormat.short(end))"
    }
}
