// SPDX-License-Identifier: Apache-2.0

import Metrics

extension HeadlineMetric {
    /// How busy the machine and the harness's threads were: columns for CI and
    /// spreadsheets to see whether a run's numbers were limited by either.
    /// Undefined (empty) for runs made before they were measured.
    static let machineLoad: [HeadlineMetric] = [
        loadFigure("machine_busy_cores") { $0.machineBusyCores },
        loadFigure("run_cpu_cores") { $0.ownCores },
        loadFigure("other_load_cores") { $0.otherCores },
        loadFigure("steal_cores") { $0.stealCores },
        loadFigure("load_average_1m_start") { $0.loadAverageStart },
        loadFigure("load_average_1m_end") { $0.loadAverageEnd },
    ] + MachineLoad.HarnessComponent.allCases.map { component in
        loadFigure("\(component.columnPrefix)_busiest_thread_percent") { load in
            load.busiestThread[component.rawValue].map { $0 * 100 }
        }
    }

    private static func loadFigure(_ name: String, _ figure: @escaping @Sendable (MachineLoad) -> Double?) -> HeadlineMetric {
        HeadlineMetric(name, .lowerIsBetter, .machineDependent) { result in result.machineLoad.flatMap(figure) }
    }
}

extension MachineLoad.HarnessComponent {
    /// The component in column names: `loadgen`, `network`, `mock_s3`.
    var columnPrefix: String { String(rawValue.map { $0 == "-" ? "_" : $0 }) }
}
