// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc

/// Suite 5: slow uploads held open on the app server (stream mode, which also
/// opens their S3 PUTs): its memory and CPU per held connection. Each level gets
/// a fresh app server so freed memory kept by the allocator does not blur it.
extension Bench {
    struct HeldFigures {
        var connections: Int
        var bytesPerConnection: Double
    }

    func runHeld() throws -> [HeldFigures] {
        let s3 = try startMockS3("held-s3")
        defer { s3.stop() }
        var table = Table("held", header: [
            "connections", "held", "failures", "app_open_files", "rss_before_bytes", "rss_held_bytes",
            "bytes_per_connection", "setup_cpu_us_per_connection", "hold_seconds", "hold_cpu_us_per_connection_s",
        ])
        var figures: [HeldFigures] = []
        let limit = Self.fileLimit
        for level in settings.heldLevels {
            // The app holds a client and an S3 socket per upload; this process holds the client ends.
            guard 2 * level + 256 <= limit else {
                note("\(level) held connections were skipped: the open-file limit is \(limit) and could not be raised.")
                continue
            }
            let app = try startApp(s3Port: s3.port, "held-app-\(level)")
            defer { app.stop() }
            let port = app.port
            let rssBefore = ProcessProbe.statusBytes(app.pid, "VmRSS") ?? 0
            let filesBefore = ProcessProbe.openFiles(app.pid)
            let cpuBefore = app.cpuSeconds
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
            let setupCPU = app.cpuSeconds - cpuBefore
            let holdStart = app.cpuSeconds
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
            let holdCPU = app.cpuSeconds - holdStart
            let rssHeld = ProcessProbe.statusBytes(app.pid, "VmRSS") ?? 0
            let held = holder.sockets.count
            let perConnection = Double(rssHeld - rssBefore) / Double(max(1, held))
            table.add([
                String(level), String(held), String(holder.failures), String(ProcessProbe.openFiles(app.pid)),
                String(rssBefore), String(rssHeld), Format.fixed(perConnection, 0),
                Format.fixed(setupCPU / Double(max(1, held)) * 1e6, 1), Format.fixed(holdSeconds, 1),
                Format.fixed(holdCPU / Double(max(1, held)) / holdSeconds * 1e6, 2),
            ])
            print("held \(level): \(held) open, \(Format.fixed(perConnection / 1024, 1)) KiB each, "
                  + "setup \(Format.fixed(setupCPU / Double(max(1, held)) * 1e6, 1)) CPU-us each")
            figures.append(HeldFigures(connections: level, bytesPerConnection: perConnection))
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
