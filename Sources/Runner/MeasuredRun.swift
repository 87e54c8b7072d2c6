// SPDX-License-Identifier: Apache-2.0

import AppServer
import Foundation
import LoadGenerator
import Metrics
import NetworkModel
import MockS3
import Scenario
import SigV4

/// One architecture, one matrix cell, one repeat: fresh servers, a warm-up,
/// then the measured uploads, with every figure taken as a difference over
/// the measured window only.
struct MeasuredRun {
    let cell: ScenarioCell
    let cellIndex: Int
    let architecture: Architecture
    let repeatIndex: Int
    let credentials: Credentials
    let progress: ProgressLine
    let servers: ServerPlacement
    let shaping: LinkShapingChoice

    /// What one run produced.
    struct Outcome {
        var result: RepeatResult
        var records: [ReportRow]
        var notes: [String]
    }

    func run() throws -> Outcome {
        let testbed = try Testbed(
            cell: cell, architecture: architecture, s3Credentials: credentials, servers: servers, shaping: shaping
        )
        defer { testbed.shutdown() }
        let clientProtocol = ArchitectureSettings.clientProtocol(architecture)
        let keyBase = "\(cell.scenario)/c\(cellIndex)/\(architecture.name)-\(architecture.variant)/r\(repeatIndex)"

        if !cell.warmup.isNone {
            let count = cell.warmup.uploads > 0 ? cell.warmup.uploads : Self.warmupWithoutCount
            let sizes = cell.objectSizes(for: .warmup).prefix(count)
            let plan = sizes.enumerated().map { index, size in
                PlannedUpload(
                    index: index, key: "\(keyBase)/warmup-\(index)", size: Int(size),
                    architecture: clientProtocol, warmUp: true
                )
            }
            _ = makeGenerator(testbed, maxDuration: cell.warmup.duration?.duration, seed: cell.seed ^ 0xA5A5)
                .run(plan: plan)
        }

        // The measured window starts here: counters are read now and subtracted at the end.
        let windowSnapshot = try testbed.app.startMeasurementWindow()
        testbed.app.resetPeakMemory()
        let before = Reading(testbed, app: windowSnapshot)
        let load = MachineLoadWindow(testbed)
        let plan = measuredPlan(keyBase: keyBase, clientProtocol: clientProtocol)
        let label = "\(architecture.label) \(cell.label) r\(repeatIndex + 1)"
        let series = TimeSeriesRecorder()
        let windowStart = MonotonicNanoseconds.now
        // The app CPU readings are relative to the window's start, so that is the first one.
        series.recordAppCPU(at: 0, totalNanoseconds: 0)
        series.recordMachine(testbed, at: 0)
        let loadRun = makeGenerator(testbed, maxDuration: cell.stop.duration?.duration, seed: cell.seed)
            .run(
                plan: plan,
                progress: { [progress] state in
                    let seconds = Double(state.elapsedNanoseconds) / 1e9
                    let offset = Int64(MonotonicNanoseconds.now - windowStart)
                    series.recordAppCPU(
                        at: offset, totalNanoseconds: testbed.cpuNanoseconds(Testbed.appComponent) - before.appCPU
                    )
                    series.recordMachine(testbed, at: offset)
                    progress.update(
                        label: label, elapsedSeconds: seconds, uploadsDone: state.uploadsDone,
                        uploadsPlanned: plan.count,
                        mebibytesPerSecond: seconds > 0 ? Double(state.bytesSent) / 1_048_576 / seconds : 0,
                        errors: state.uploadsFailed
                    )
                }
            )
        let machineLoad = load.finish(testbed)
        let after = try Reading(testbed, app: testbed.app.snapshot())
        // The last progress report came up to a second before the end; without these the
        // per-second app CPU missed what the window used after it.
        let windowEnd = Int64(MonotonicNanoseconds.now - windowStart)
        series.recordAppCPU(at: windowEnd, totalNanoseconds: after.appCPU - before.appCPU)
        series.recordMachine(testbed, at: windowEnd)

        let verifier = IntegrityVerifier(testbed: testbed, keyPrefix: cell.app.keyPrefix, comparesETags: cell.comparesETags)
        var outcome = Outcome(result: RepeatResult(), records: [], notes: verifier.notes)
        var result = RepeatResult()
        result.startedAt = Date()
        result.durationNanoseconds = Int64(loadRun.durationNanoseconds)
        for record in loadRun.records where !record.warmUp {
            let verdict = verifier.verdict(for: record)
            let row = RecordConversion.row(
                record, outcome: verdict, cellIndex: cellIndex, repeatIndex: repeatIndex,
                keyPrefix: cell.app.keyPrefix, windowStart: loadRun.startNanoseconds
            )
            RecordConversion.add(row, record: record, to: &result)
            series.recordUpload(
                finishedAt: Int64(record.endNanoseconds &- loadRun.startNanoseconds),
                latency: Int64(record.latencyNanoseconds),
                bytes: Int64(record.objectSize),
                succeeded: row.outcome == .ok
            )
            outcome.records.append(row)
        }
        if case .open = cell.load {
            result.arrivalsNotStarted = loadRun.dueNotStarted
        }
        if loadRun.dueNotStarted > 0 {
            outcome.notes.append("\(label): \(loadRun.dueNotStarted) arrivals were due but never started: "
                + "max_in_flight uploads were still running (the arrival rate outran the system).")
        }
        let neverDue = loadRun.notStarted - loadRun.dueNotStarted
        if neverDue > 0 {
            outcome.notes.append("\(label): \(neverDue) planned uploads were not due before the time limit.")
        }
        after.fill(&result, since: before)
        result.appPeakRSSBytes = testbed.app.peakResidentBytes()
        result.loadGeneratorCPUNanoseconds = loadRun.cpuNanoseconds
        result.timeSeries = series.series()
        result.machineLoad = machineLoad
        outcome.result = result
        return outcome
    }

    /// A warm-up bounded only by its duration still has a finite plan.
    static let warmupWithoutCount = 1000

    /// The measured uploads: sizes from the cell's seeded stream (the same for
    /// every architecture), as many as the stop condition allows.
    private func measuredPlan(keyBase: String, clientProtocol: UploadArchitecture) -> [PlannedUpload] {
        // `uploadBound` also counts the warm-up; the measured plan is only the stop limit's.
        let limit = cell.stop.uploads ?? Self.uploadsWithoutCount
        var budget = cell.stop.bytes?.bytes ?? Int64.max
        var plan: [PlannedUpload] = []
        for (index, size) in cell.objectSizes(for: .measured(repeat: repeatIndex)).prefix(limit).enumerated() {
            guard budget > 0 else { break }
            budget -= max(size, 1)
            plan.append(PlannedUpload(index: index, key: "\(keyBase)/\(index)", size: Int(size), architecture: clientProtocol))
        }
        return plan
    }

    /// Without an upload count, a duration stops the run; the plan only needs to outlast it.
    static let uploadsWithoutCount = 100_000

    private func makeGenerator(_ testbed: Testbed, maxDuration: Duration?, seed: UInt64) -> LoadGenerator {
        var configuration = LoadGeneratorConfiguration(
            appBaseURL: testbed.appURL,
            shape: LoadShapeMapping.shape(cell.load, seed: seed),
            threads: cell.load.maxInFlight > 32 ? 2 : 1,
            seed: seed,
            maxDuration: maxDuration,
            hardTimeLimit: cell.timeouts.run.duration,
            requestTimeout: cell.timeouts.upload.duration,
            connectTimeout: cell.timeouts.connect.duration,
            retry: LoadShapeMapping.retry(cell.retry, seed: seed)
        )
        // Named here so that the machine-load window reads the same component.
        configuration.cpuComponent = Testbed.loadGeneratorComponent
        if let override = testbed.s3ConnectOverride {
            configuration.clientToS3.connectTo = ["\(override.named):\(override.actual)"]
        }
        // Each client's own source address lets the emulator pace its connections as one uplink.
        // Not in kernel mode: a 127.x source cannot leave through a veth, and the kernel
        // shapes the link as a whole anyway.
        let emulated = shaping != .kernel
        configuration.clientToApp.bindsClientAddress = emulated && cell.network.clientApp.linkProfile != nil
        configuration.clientToS3.bindsClientAddress = emulated && cell.network.clientS3.linkProfile != nil
        return LoadGenerator(configuration: configuration, cpu: testbed.cpu)
    }
}

extension TimeSeriesRecorder {
    /// Samples the machine's and this run's CPU for the per-second series.
    fileprivate func recordMachine(_ testbed: Testbed, at offset: Int64) {
        guard let machine = MachineCPU.read() else { return }
        recordMachineCPU(at: offset, busyNanoseconds: machine.busyNanoseconds, ownNanoseconds: testbed.ownCPUNanoseconds())
    }
}

extension ScenarioCell {
    /// Whether stored ETags are MD5s the client's can be compared with
    /// (the mock S3 without MD5 answers stand-ins).
    var comparesETags: Bool {
        if case .embedded(let embedded) = settings.s3 { return embedded.md5 }
        return true
    }
}

/// Counters read at the start and the end of a measured window.
private struct Reading {
    let appCPU: UInt64
    /// Nil for a real S3: only the mock's CPU (in this process or its child) is visible.
    let s3CPU: UInt64?
    let networkCPU: UInt64
    let app: AppServerSnapshot
    let s3: MockS3Stats?

    init(_ testbed: Testbed, app: AppServerSnapshot) {
        appCPU = testbed.cpuNanoseconds(Testbed.appComponent)
        s3CPU = testbed.runsMockS3 ? testbed.cpuNanoseconds(Testbed.s3Component) : nil
        networkCPU = testbed.cpuNanoseconds(LinkEmulator.cpuComponent)
        self.app = app
        s3 = testbed.mockS3?.stats()
    }

    func fill(_ result: inout RepeatResult, since start: Reading) {
        let appSnapshot = app
        result.appCPUNanoseconds = appCPU - start.appCPU
        if let s3CPU, let startS3CPU = start.s3CPU { result.s3CPUNanoseconds = s3CPU - startS3CPU }
        result.networkCPUNanoseconds = networkCPU - start.networkCPU
        result.appTraffic = app.traffic - start.app.traffic
        result.appPeakBufferedBytes = Int64(appSnapshot.peakBufferedBytes)
        result.peakOpenConnections = appSnapshot.peakOpenConnections
        result.peakRequestsInProgress = appSnapshot.peakRequestsInProgress
        if let s3, let startS3 = start.s3 {
            result.s3BytesIn = (s3.headBytesIn + s3.bodyBytesIn) - (startS3.headBytesIn + startS3.bodyBytesIn)
        }
        result.hops.appToS3 = appSnapshot.s3RequestTime
    }
}

extension AppTraffic {
    static func - (lhs: AppTraffic, rhs: AppTraffic) -> AppTraffic {
        AppTraffic(
            fromClients: lhs.fromClients - rhs.fromClients,
            toClients: lhs.toClients - rhs.toClients,
            toS3: lhs.toS3 - rhs.toS3,
            fromS3: lhs.fromS3 - rhs.fromS3
        )
    }
}

extension HeadBody {
    static func - (lhs: HeadBody, rhs: HeadBody) -> HeadBody {
        HeadBody(head: lhs.head - rhs.head, body: lhs.body - rhs.body)
    }
}
