// SPDX-License-Identifier: Apache-2.0

import Dispatch
import HTTPCore
import Synchronization

/// One-shot HTTP requests from the runner's synchronous code.
enum BlockingHTTP {
    /// Sends one request and waits for the whole response.
    static func send(
        method: String,
        url: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) throws -> HTTPClientResponse {
        let outcome = Mutex<Result<HTTPClientResponse, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        // The callback form runs on the client loop's thread: waiting here on a
        // Task instead deadlocked once every cooperative thread (two on two
        // cores) was blocked in this wait.
        HTTPClient.send(method: method, url: url, headers: headers, body: body) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }
}
