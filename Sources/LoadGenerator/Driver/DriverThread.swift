// SPDX-License-Identifier: Apache-2.0

import Glibc

/// A detached pthread running one closure.
///
/// Plain pthreads rather than Foundation's `Thread`, whose start-up renames
/// the thread after our own `ub_set_thread_name`.
enum DriverThread {
    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    static func start(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body))
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { argument in
            Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue().body()
            return nil
        }, box.toOpaque())
        guard status == 0 else {
            // No thread: run the work here rather than lose it.
            box.takeRetainedValue().body()
            return
        }
        pthread_detach(thread)
    }
}
