// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics
import Testing

@Suite("Environment")
struct EnvironmentTests {
    @Test("capture reads CPU, memory and OS from the /proc and /etc it is given")
    func captureFromFakeRoot() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("env-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("proc"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        let cpuinfo = "processor\t: 0\nmodel name\t: Test CPU @ 3.0GHz\n\nprocessor\t: 1\nmodel name\t: Test CPU @ 3.0GHz\n"
        try cpuinfo.write(to: root.appendingPathComponent("proc/cpuinfo"), atomically: true, encoding: .utf8)
        try "MemTotal:       2048 kB\nMemFree: 1 kB\n"
            .write(to: root.appendingPathComponent("proc/meminfo"), atomically: true, encoding: .utf8)
        try "NAME=X\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
            .write(to: root.appendingPathComponent("etc/os-release"), atomically: true, encoding: .utf8)

        let environment = Environment.capture(libcurlVersion: "7.88.1", opensslVersion: "3.0.15", root: root.path)
        #expect(environment.cpuModel == "Test CPU @ 3.0GHz")
        #expect(environment.cpuCount == 2)
        #expect(environment.memoryBytes == 2_097_152)
        #expect(environment.operatingSystem == "Debian GNU/Linux 12 (bookworm)")
        #expect(environment.kernel.hasPrefix("Linux "))
        #expect(!environment.machine.isEmpty)
        #expect(environment.libcurlVersion == "7.88.1")
    }

    @Test("this machine's environment has a CPU model, kernel and memory")
    func captureHere() {
        let environment = Environment.capture()
        #expect(environment.cpuCount >= 1)
        #expect(environment.memoryBytes > 0)
        #expect(environment.cpuModel != "unknown")
        #expect(!environment.hostName.isEmpty)
    }

    @Test("differences name the fields that changed, host name aside")
    func differences() {
        let a = Environment.capture()
        var b = a
        b.hostName = "elsewhere"
        #expect(a.differences(from: b).isEmpty)
        b.cpuCount += 2
        b.kernel = "Linux 0.0"
        #expect(a.differences(from: b).count == 2)
        #expect(a.differences(from: b).first?.hasPrefix("CPU count") == true)
    }
}
