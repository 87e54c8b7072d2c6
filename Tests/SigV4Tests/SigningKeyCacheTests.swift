// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import SigV4

@Suite struct SigningKeyCacheTests {
    private let scope = CredentialScope(date: "20250101", region: "us-east-1", service: "s3")

    @Test func aCachedKeyIsTheDerivedKeyForItsOwnScope() {
        let cache = SigningKeyCache()
        let first = cache.signingKey(secret: "secret", scope: scope)
        #expect(first == SigningKeyCache.derive(secret: "secret", scope: scope))
        #expect(cache.signingKey(secret: "secret", scope: scope) == first)

        var nextDay = scope
        nextDay.date = "20250102"
        var otherRegion = scope
        otherRegion.region = "eu-west-1"
        for changed in [nextDay, otherRegion] {
            let key = cache.signingKey(secret: "secret", scope: changed)
            #expect(key == SigningKeyCache.derive(secret: "secret", scope: changed))
            #expect(key != first)
        }
    }

    @Test func anotherSecretNeverGetsTheCachedKey() {
        let cache = SigningKeyCache()
        let right = cache.signingKey(secret: "secret", scope: scope)
        let wrong = cache.signingKey(secret: "wrong-secret", scope: scope)
        #expect(wrong != right)
        #expect(wrong == SigningKeyCache.derive(secret: "wrong-secret", scope: scope))
    }

    @Test func aFullCacheStillAnswersCorrectly() {
        let cache = SigningKeyCache(capacity: 2)
        let dates = ["20250101", "20250102", "20250103", "20250101"]
        for date in dates {
            let dated = CredentialScope(date: date, region: "us-east-1", service: "s3")
            #expect(cache.signingKey(secret: "secret", scope: dated) == SigningKeyCache.derive(secret: "secret", scope: dated))
        }
    }
}
