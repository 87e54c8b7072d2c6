// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The machine and software a run was measured on, for reports and for
/// `compare` to warn when two runs come from different environments.
public struct Environment: Sendable, Equatable, Codable {
    public var hostName: String
    /// `model name` from /proc/cpuinfo.
    public var cpuModel: String
    /// Logical CPUs online.
    public var cpuCount: Int
    /// Kernel name and release from uname, e.g. `Linux 6.1.0-18-amd64`.
    public var kernel: String
    /// Machine architecture from uname, e.g. `x86_64`.
    public var machine: String
    /// `PRETTY_NAME` from /etc/os-release.
    public var operatingSystem: String
    /// `MemTotal` from /proc/meminfo, in bytes.
    public var memoryBytes: Int64
    /// The Swift compiler that built the harness.
    public var swiftVersion: String
    /// libcurl's version, as the load generator reports it.
    public var libcurlVersion: String?
    /// OpenSSL's version, as libcrypto reports it.
    public var opensslVersion: String?

    public init(
        hostName: String, cpuModel: String, cpuCount: Int, kernel: String, machine: String,
        operatingSystem: String, memoryBytes: Int64, swiftVersion: String,
        libcurlVersion: String? = nil, opensslVersion: String? = nil
    ) {
        self.hostName = hostName
        self.cpuModel = cpuModel
        self.cpuCount = cpuCount
        self.kernel = kernel
        self.machine = machine
        self.operatingSystem = operatingSystem
        self.memoryBytes = memoryBytes
        self.swiftVersion = swiftVersion
        self.libcurlVersion = libcurlVersion
        self.opensslVersion = opensslVersion
    }

    /// The fields that differ from `other` that can change performance
    /// (host name aside), as `field: this vs other` sentences.
    public func differences(from other: Environment) -> [String] {
        let pairs: [(String, String, String)] = [
            ("CPU model", cpuModel, other.cpuModel),
            ("CPU count", String(cpuCount), String(other.cpuCount)),
            ("kernel", kernel, other.kernel),
            ("machine", machine, other.machine),
            ("memory bytes", String(memoryBytes), String(other.memoryBytes)),
            ("Swift", swiftVersion, other.swiftVersion),
            ("libcurl", libcurlVersion ?? "unknown", other.libcurlVersion ?? "unknown"),
            ("OpenSSL", opensslVersion ?? "unknown", other.opensslVersion ?? "unknown"),
        ]
        return pairs.filter { $0.1 != $0.2 }.map { "\($0.0): \($0.1) vs \($0.2)" }
    }
}
