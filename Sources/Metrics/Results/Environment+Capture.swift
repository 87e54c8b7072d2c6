// SPDX-License-Identifier: Apache-2.0

import Foundation

extension Environment {
    /// Reads this machine's description from uname, /proc and /etc/os-release.
    ///
    /// The library versions come from the caller because this module does not
    /// link libcurl or libcrypto: pass `curl_version_info(...)->version` and
    /// `OpenSSL_version(OPENSSL_VERSION)`.
    /// - Parameters:
    ///   - libcurlVersion: libcurl's version string, if known.
    ///   - opensslVersion: OpenSSL's version string, if known.
    ///   - root: where /proc and /etc are (tests pass a fake tree).
    public static func capture(
        libcurlVersion: String? = nil, opensslVersion: String? = nil, root: String = "/"
    ) -> Environment {
        let names = unameFields()
        let cpuinfo = read(root, "proc/cpuinfo") ?? ""
        let meminfo = read(root, "proc/meminfo") ?? ""
        let osRelease = read(root, "etc/os-release") ?? ""
        let processors = cpuinfo.split(separator: "\n").filter { $0.hasPrefix("processor") }.count
        let memoryKiB = field("MemTotal", in: meminfo, separator: ":")
            .flatMap { Int64($0.split(separator: " ").first ?? "") } ?? 0
        return Environment(
            hostName: names.node ?? ProcessInfo.processInfo.hostName,
            cpuModel: field("model name", in: cpuinfo, separator: ":") ?? "unknown",
            cpuCount: processors > 0 ? processors : ProcessInfo.processInfo.activeProcessorCount,
            kernel: [names.system, names.release].compactMap { $0 }.joined(separator: " "),
            machine: names.machine ?? "unknown",
            operatingSystem: field("PRETTY_NAME", in: osRelease, separator: "=")
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "unknown",
            memoryBytes: memoryKiB * 1024,
            swiftVersion: compilerVersion,
            libcurlVersion: libcurlVersion,
            opensslVersion: opensslVersion
        )
    }

    /// The compiler version this code was built with, to the minor version.
    static var compilerVersion: String {
        #if compiler(>=6.4)
        return "6.4 or later"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    private static func read(_ root: String, _ path: String) -> String? {
        try? String(contentsOfFile: (root as NSString).appendingPathComponent(path), encoding: .utf8)
    }

    // The value of the first `name<separator>value` line, trimmed.
    static func field(_ name: String, in text: String, separator: Character) -> String? {
        for line in text.split(separator: "\n") {
            guard let cut = line.firstIndex(of: separator) else { continue }
            if line[..<cut].trimmingCharacters(in: .whitespaces) == name {
                return line[line.index(after: cut)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    private static func unameFields() -> (system: String?, node: String?, release: String?, machine: String?) {
        var names = utsname()
        guard uname(&names) == 0 else { return (nil, nil, nil, nil) }
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return (text(names.sysname), text(names.nodename), text(names.release), text(names.machine))
    }
}
