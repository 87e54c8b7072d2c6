// SPDX-License-Identifier: Apache-2.0

/// The loopback source address of each simulated client on a modelled link.
///
/// The link emulator shares one bandwidth budget among all connections from
/// one source address, like a real client's access link. Giving each client
/// its own address in 127.77.0.0/16 (Linux routes all of 127.0.0.0/8 to `lo`)
/// makes every connection of one upload (presign request, parts, completion)
/// share that client's link, while different clients do not.
public enum ClientAddress {
    /// The range the addresses come from.
    public static let range = "127.77.0.0/16"

    /// Distinct addresses; clients further apart than this share one.
    static let count = 65_534

    /// The IPv4 address of client `client` (`127.77.0.1` for client 0).
    public static func ipv4(forClient client: Int) -> String {
        // Offset by one to skip 127.77.0.0; the last host is 127.77.255.254.
        let host = client % count + 1
        return "127.77.\(host >> 8).\(host & 0xff)"
    }

    /// The `CURLOPT_INTERFACE` value that binds to it (`host!` skips the
    /// interface-name lookup libcurl would otherwise try first).
    static func curlInterface(forClient client: Int) -> String {
        "host!" + ipv4(forClient: client)
    }
}
