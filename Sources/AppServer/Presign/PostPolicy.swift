// SPDX-License-Identifier: Apache-2.0

import Digest
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
        let amzDate = AMZDate.string(from: now)
        let scope = signer.scope(at: now)
        var fields = [
            "key": key,
            "x-amz-algorithm": "AWS4-HMAC-SHA256",
            "x-amz-credential": "\(signer.credentials.accessKeyID)/\(scope.string)",
            "x-amz-date": amzDate,
        ]
        if let contentType { fields["Content-Type"] = contentType }
        if let token = signer.credentials.sessionToken { fields["x-amz-security-token"] = token }

        var conditions: [Any] = [
            ["bucket": bucket],
            ["eq", "$key", key],
            ["content-length-range", size, size],
        ]
        if let contentType { conditions.append(["eq", "$Content-Type", contentType]) }
        for name in ["x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-security-token"] {
            if let value = fields[name] { conditions.append([name: value]) }
        }
        let document: [String: Any] = ["expiration": API.timestamp(expiresAt), "conditions": conditions]
        // Only strings, integers, arrays and dictionaries: serialisation cannot fail.
        let json = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
        let policy = Encoding.base64(json)
        fields["policy"] = policy
        fields["x-amz-signature"] = Encoding.hex(HMAC.sha256(key: signer.signingKey(for: scope), message: policy))
        return fields
    }
}
