// SPDX-License-Identifier: Apache-2.0

extension Int {
    /// Reads a whole number written as ASCII digits only: `Int(String)` also takes a
    /// sign (`+16`, `-0`), which on the command line is a typo that would pass.
    public init?(plainDigits text: some StringProtocol) {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let value = Int(String(text))
        else { return nil }
        self = value
    }
}

extension Double {
    /// Reads a plain decimal number such as `20`, `0.5` or `.25`, and nothing else.
    ///
    /// `Double(String)` also reads hexadecimal (`0x10`), exponents (`1e-12`), signs and
    /// `nan`/`inf`; on the command line those are typos that would pass as odd values.
    /// - Parameter text: ASCII digits with at most one decimal point.
    public init?(plainDecimal text: some StringProtocol) {
        var digits = 0
        var points = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): points += 1
            default: return nil
            }
        }
        guard digits > 0, points <= 1, let value = Double(String(text)) else { return nil }
        self = value
    }

    /// The value written without an exponent (`0.00001`, not `1e-05`), so that
    /// `Double(plainDecimal:)` reads it back exactly; nil for negative or non-finite values.
    public var plainDecimalDescription: String? {
        guard isFinite, self >= 0 else { return nil }
        // The shortest text that reads back as this value, with its exponent moved into the digits.
        let shortest = String(self)
        return UnitText.writingOutExponent(shortest) ?? shortest
    }
}
