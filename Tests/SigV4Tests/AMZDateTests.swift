// SPDX-License-Identifier: Apache-2.0

import Foundation
import SigV4
import Testing

/// The hand-written date forms SigV4 and POST policies use.
@Suite struct AMZDateTests {
    @Test(arguments: [
        ("2025-01-01T12:10:00Z", 1_735_733_400.0),
        ("2025-01-01T12:10:00.000Z", 1_735_733_400.0),
        ("2025-01-01T12:10:00.25Z", 1_735_733_400.25),
        ("2025-01-01T13:10:00+01:00", 1_735_733_400.0),
        ("2025-01-01T07:40:00-04:30", 1_735_733_400.0),
        ("2024-02-29T23:59:59Z", 1_709_251_199.0),
    ])
    func rfc3339ExpirationsParseToTheirInstant(text: String, epochSeconds: Double) {
        #expect(AMZDate.date(fromRFC3339: text)?.timeIntervalSince1970 == epochSeconds)
    }

    @Test(arguments: [
        "", "2025-01-01", "2025-01-01T12:10:00", "2025-01-01 12:10:00Z", "2025-02-30T00:00:00Z",
        "2025-01-01T24:00:00Z", "2025-01-01T12:10:00.Z", "2025-01-01T12:10:00+0100", "2025-01-01T12:10:00+25:00",
        "20250101T121000Z", "2025-01-01T12:10:00Zjunk", "２025-01-01T12:10:00Z",
    ])
    func anythingElseIsRefused(text: String) {
        #expect(AMZDate.date(fromRFC3339: text) == nil)
    }
}
