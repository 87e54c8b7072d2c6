// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Stops a `serve` command when its standard input ends.
///
/// A parent that runs the server as a child keeps the write end of a pipe
/// open; when the parent exits, even killed, the kernel closes it and the
/// child follows instead of lingering as an orphan.
enum StdinWatchdog {
    /// Reads standard input on a background thread and sends this process
    /// SIGTERM once it reaches its end.
    static func start() {
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 256)
            while true {
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count == 0 || (count < 0 && errno != EINTR) { break }
            }
            kill(getpid(), SIGTERM)
        }
        thread.name = "stdin-watchdog"
        thread.start()
    }
}
