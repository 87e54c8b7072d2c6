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
        Task {
            let result: Result<HTTPClientResponse, any Error>
            do {
                result = .success(try await HTTPClient.send(method: method, url: url, headers: headers, body: body))
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }
}
