// SPDX-License-Identifier: Apache-2.0

import Foundation
import SigV4

/// A browser POST policy that pins one key, one content type and one size.
///
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
struct PostPolicy: Sendable {
    var bucket: String
    var key: String
    var contentType: String?
    /// The declared size; the policy's `content-length-range` is exactly this size.
    var size: Int64
    var expiresAt: Date

    /// The form fields to send before the `file` field, with the policy and its signature.
    func signedFields(signer: Signer, at now: Date) -> [String: String] {
        let (credential, amzDate) = signer.postPolicyCredential(at: now)
        // S3 wants every x-amz-* form field listed among the conditions too.
        var conditions: [Any] = [
            ["bucket": bucket],
            ["eq", "$key", key],
            ["content-length-range", size, size],
            ["x-amz-algorithm": "AWS4-HMAC-SHA256"],
            ["x-amz-credential": credential],
            ["x-amz-date": amzDate],
        ]
        if let contentType { conditions.append(["eq", "$Content-Type", contentType]) }
        if let token = signer.credentials.sessionToken { conditions.append(["x-amz-security-token": token]) }
        let document: [String: Any] = ["expiration": API.timestamp(expiresAt), "conditions": conditions]
        // Only strings, integers, arrays and dictionaries: serialisation cannot fail.
        let json = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()

        var fields = ["key": key]
        if let contentType { fields["Content-Type"] = contentType }
        for field in signer.signPostPolicy(json, date: now).fields { fields[field.name] = field.value }
        return fields
    }
}
