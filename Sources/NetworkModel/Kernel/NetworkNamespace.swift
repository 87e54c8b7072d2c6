// SPDX-License-Identifier: Apache-2.0

import Glibc
internal import CSystem

/// A named network namespace (`ip netns add`), and a way to create sockets
/// and threads inside it from this process.
///
/// A socket belongs to the namespace of the thread that creates it, and a new
/// thread starts in its creator's namespace. So a server started by `run(_:)`
/// listens inside the namespace, and its event loop threads (created there
/// too) open their outgoing connections inside it, with no change to the server.
public final class NetworkNamespace: Sendable {
    public let name: String

    /// Creates the namespace, with its loopback interface up.
    /// - Throws: `KernelShapingError` when `ip` fails.
    public init(name: String) throws {
        self.name = name
        try NetworkCommand.run("ip", ["netns", "add", name])
        do {
            try NetworkCommand.run("ip", ["-n", name, "link", "set", "lo", "up"])
        } catch {
            delete()
            throw error
        }
    }

    /// Runs `body` on a short-lived thread that has entered the namespace, and
    /// waits for it. Threads `body` starts stay in the namespace for their life.
    /// - Throws: `KernelShapingError` when the namespace cannot be entered, or what `body` throws.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let fd = open("/run/netns/\(name)", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw KernelShapingError.namespace(name, "open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let outcome = Outcome<T>()
        let task = NamespaceTask(fd: fd) { outcome.value = Result { try body() } }
        var thread = pthread_t()
        let box = Unmanaged.passRetained(task)
        let status = pthread_create(&thread, nil, { argument in
            Unmanaged<NamespaceTask>.fromOpaque(argument!).takeRetainedValue().perform()
            return nil
        }, box.toOpaque())
        guard status == 0 else {
            box.release()
            throw KernelShapingError.namespace(name, "pthread_create: \(String(cString: strerror(status)))")
        }
        pthread_join(thread, nil)
        if let failure = task.failure {
            throw KernelShapingError.namespace(name, failure)
        }
        return try outcome.value!.get()
    }

    /// Deletes the namespace; the veth ends inside it, and so their peers, go with it.
    public func delete() {
        _ = try? NetworkCommand.run("ip", ["netns", "delete", name])
    }
}

/// The work of one `NetworkNamespace.run(_:)` call, handed to its thread.
private final class NamespaceTask: @unchecked Sendable {
    // Unchecked: the creating thread touches nothing after pthread_create and
    // reads `failure` only after pthread_join, which orders the accesses.
    private let fd: Int32
    private let work: () -> Void
    /// Why the thread could not enter the namespace.
    var failure: String?

    init(fd: Int32, work: @escaping () -> Void) {
        self.fd = fd
        self.work = work
    }

    func perform() {
        guard ub_setns_network(fd) == 0 else {
            failure = "setns: \(String(cString: strerror(errno)))"
            return
        }
        work()
    }
}

/// What `body` returned, carried from the namespace thread to the caller.
private final class Outcome<T>: @unchecked Sendable {
    // Unchecked: written on the namespace thread, read after pthread_join.
    var value: Result<T, any Error>?
}
