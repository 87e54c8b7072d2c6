// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc

/// Suite 5: slow uploads held open on the app server (stream mode, which also
/// opens their S3 PUTs): its memory and CPU per held connection. Each level gets
/// a fresh app server so freed memory kept by the allocator does not blur it.
extension Bench {
    struct HeldFigures {
        /// The level asked for; `connections` is what the open-file limit allowed.
        var level: Int
        var connections: Int
        var bytesPerConnection: Double
    }

    func runHeld() throws -> [HeldFigures] {
        let s3 = try startMockS3("held-s3")
        defer { s3.stop() }
        var table = Table("held", header: [
            "level", "connections", "held", "failures", "app_open_files", "rss_before_bytes", "rss_held_bytes",
            "bytes_per_connection", "setup_cpu_us_per_connection", "hold_seconds", "hold_cpu_us_per_connection_s",
        ])
        var figures: [HeldFigures] = []
        let limit = Self.fileLimit
        for wanted in settings.heldLevels {
            // The app holds a client and an S3 socket per upload; this process holds the client ends.
            let level = min(wanted, (limit - 256) / 2)
            if level < wanted {
                note("\(level) uploads were held instead of \(wanted): the app server needs two descriptors per upload "
                     + "and the open-file limit is \(limit) (raising it needs CAP_SYS_RESOURCE).")
            }
            let app = try startApp(s3Port: s3.port, "held-app-\(level)")
            defer { app.stop() }
            let port = app.port
            let rssBefore = ProcessProbe.statusBytes(app.pid, "VmRSS") ?? 0
            let filesBefore = ProcessProbe.openFiles(app.pid)
            let cpuBefore = ProcessProbe.threadCPUSeconds(app.pid)
            let holder = SlowHolder(port: port, count: level) { [unowned self] index in
                proxyHead(port: port, key: "held/\(level)-\(index)", size: 1 << 30)
            }
            // Wait until the app has both sockets of every upload open, or stops opening more for 2 s.
            var files = ProcessProbe.openFiles(app.pid)
            var lastChange = Clock.now
            let deadline = Clock.now + 60
            while files < filesBefore + 2 * holder.sockets.count, Clock.now < deadline, Clock.now - lastChange < 2 {
                usleep(100_000)
                let now = ProcessProbe.openFiles(app.pid)
                if now != files { lastChange = Clock.now }
                files = now
            }
            holder.trickle()
            usleep(300_000)
            let setupCPU = ProcessProbe.threadCPUSeconds(app.pid) - cpuBefore
            let holdStart = ProcessProbe.threadCPUSeconds(app.pid)
            let holdStartTime = Clock.now
            var nextTrickle = holdStartTime + 1
            while Clock.now < holdStartTime + settings.holdSeconds {
                Clock.sleep(until: min(nextTrickle, holdStartTime + settings.holdSeconds))
                if Clock.now >= nextTrickle {
                    holder.trickle()
                    nextTrickle += 1
                }
            }
            let holdSeconds = Clock.now - holdStartTime
            let holdCPU = ProcessProbe.threadCPUSeconds(app.pid) - holdStart
            let rssHeld = ProcessProbe.statusBytes(app.pid, "VmRSS") ?? 0
            let held = holder.sockets.count
            let perConnection = Double(rssHeld - rssBefore) / Double(max(1, held))
            table.add([
                String(wanted), String(level), String(held), String(holder.failures), String(ProcessProbe.openFiles(app.pid)),
                String(rssBefore), String(rssHeld), Format.fixed(perConnection, 0),
                Format.fixed(setupCPU / Double(max(1, held)) * 1e6, 1), Format.fixed(holdSeconds, 1),
                Format.fixed(holdCPU / Double(max(1, held)) / holdSeconds * 1e6, 2),
            ])
            print("held \(level): \(held) open, \(Format.fixed(perConnection / 1024, 1)) KiB each, "
                  + "setup \(Format.fixed(setupCPU / Double(max(1, held)) * 1e6, 1)) CPU-us each")
            figures.append(HeldFigures(level: wanted, connections: level, bytesPerConnection: perConnection))
            holder.closeAll()
        }
        tables.append(table)
        return figures
    }

    /// RLIMIT_NOFILE, raised as far as allowed at start (children inherit it).
    static let fileLimit: Int = {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let wanted = rlim_t(65_536)
        if limit.rlim_cur < wanted {
            var raised = rlimit(rlim_cur: wanted, rlim_max: max(wanted, limit.rlim_max))
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) != 0 {
                raised = rlimit(rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max)
                _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised)
            }
            getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(limit.rlim_cur)
    }()
}
