// SPDX-License-Identifier: Apache-2.0

import HTTPCore

extension S3Exchange {
    /// Browser POST uploads (multipart/form-data with a signed policy).
    // TODO: parse the form streamed and check the policy (expiration, conditions,
    // content-length-range) with SigV4's POST policy signing; refused until then.
    func preparePostObject(_ request: S3Request) throws(S3Error) -> any HTTPRequestHandler {
        throw .notImplemented("POST object (browser form upload) is not implemented by the mock yet.")
    }
}
