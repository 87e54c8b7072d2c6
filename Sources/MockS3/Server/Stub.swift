// SPDX-License-Identifier: Apache-2.0
import HTTPCore
extension S3Exchange {
    func preparePostObject(_ request: S3Request) throws(S3Error) -> any HTTPRequestHandler { throw .notImplemented("x") }
    
}
