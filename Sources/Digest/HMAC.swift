// SPDX-License-Identifier: Apache-2.0

internal import CCrypto

/// HMAC-SHA256, the keyed hash behind every SigV4 signature.
public enum HMAC {
    /// HMAC-SHA256 of `message` under `key`.
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                output.withUnsafeMutableBufferPointer { out in
                    _ = CCrypto.HMAC(
                        EVP_sha256(),
                        keyBytes.baseAddress, Int32(keyBytes.count),
                        messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBytes.count,
                        out.baseAddress, &length
                    )
                }
            }
        }
        return output
    }

    /// HMAC-SHA256 of the UTF-8 bytes of `message` under `key`.
    public static func sha256(key: [UInt8], message: String) -> [UInt8] {
        sha256(key: key, message: Array(message.utf8))
    }
}
