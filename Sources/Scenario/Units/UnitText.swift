// SPDX-License-Identifier: Apache-2.0

/// Splits a value like `"1.5MiB"` or `"250 ms"` into an exact decimal number and a unit,
/// shared by the unit types so that they all read numbers the same way.
struct UnitText {
    /// Why a text could not be read; the unit types turn these into their own messages.
    enum Failure: Error, Equatable {
        case negative
        case noNumber
        case tooLarge
        case notWhole
    }

    /// The digits without the decimal point (`15` for `1.5`).
    let mantissa: Int64
    /// Digits after the decimal point (`1` for `1.5`).
    let scale: Int
    /// What follows the number, with one optional space skipped.
    let unit: Substring

    init(_ text: String) throws(Failure) {
        var rest = Substring(text.trimmingWhitespace())
        if rest.first == "-" {
            throw .negative
        }
        var mantissa: Int64 = 0
        var scale = 0
        var digits = 0
        var seenPoint = false
        while let character = rest.first {
            if character == ".", !seenPoint {
                seenPoint = true
            } else if let digit = character.wholeNumberValue, character.isASCII {
                let (shifted, overflow1) = mantissa.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = shifted.addingReportingOverflow(Int64(digit))
                guard !overflow1, !overflow2 else {
                    throw .tooLarge
                }
                mantissa = sum
                digits += 1
                scale += seenPoint ? 1 : 0
            } else {
                break
            }
            rest = rest.dropFirst()
        }
        guard digits > 0 else {
            throw .noNumber
        }
        if rest.first == " " {
            rest = rest.dropFirst()
        }
        self.mantissa = mantissa
        self.scale = scale
        self.unit = rest
    }

    /// `text` with its decimal exponent written out (`"1e9/s"` as `"1000000000/s"`), or nil when it
    /// has none. Values are not read with exponents; this only lets a refusal say what is wrong.
    static func writingOutExponent(_ text: String) -> String? {
        let trimmed = text.trimmingWhitespace()
        let number = trimmed.prefix { $0.isASCII && ($0.isWholeNumber || $0 == ".") }
        var rest = trimmed.dropFirst(number.count)
        let point = number.firstIndex(of: ".") ?? number.endIndex
        let digits = number.filter { $0 != "." }
        guard !digits.isEmpty, number.filter({ $0 == "." }).count <= 1, rest.first == "e" || rest.first == "E" else {
            return nil
        }
        rest = rest.dropFirst()
        let negative = rest.first == "-"
        if rest.first == "-" || rest.first == "+" {
            rest = rest.dropFirst()
        }
        let exponentDigits = rest.prefix { $0.isASCII && $0.isWholeNumber }
        guard !exponentDigits.isEmpty else {
            return nil
        }
        // Past 400 places every non-zero value overflows or rounds to zero; the cap bounds the text.
        let magnitude = exponentDigits.count > 3 ? 400 : min(Int(exponentDigits) ?? 400, 400)
        let pointPosition = number.distance(from: number.startIndex, to: point) + (negative ? -magnitude : magnitude)
        let unit = rest.dropFirst(exponentDigits.count)
        if pointPosition <= 0 {
            return "0." + String(repeating: "0", count: -pointPosition) + digits + unit
        }
        if pointPosition >= digits.count {
            return digits + String(repeating: "0", count: pointPosition - digits.count) + unit
        }
        return digits.prefix(pointPosition) + "." + digits.dropFirst(pointPosition) + unit
    }

    /// The number times `multiplier`, which must come out whole.
    func scaled(by multiplier: Int64) throws(Failure) -> Int64 {
        let (product, overflow) = mantissa.multipliedReportingOverflow(by: multiplier)
        guard !overflow else {
            throw .tooLarge
        }
        var divisor: Int64 = 1
        for _ in 0..<scale {
            let (next, overflow) = divisor.multipliedReportingOverflow(by: 10)
            guard !overflow else {
                // Past Int64 the divisor exceeds every product: only zero comes out whole.
                guard product == 0 else {
                    throw .notWhole
                }
                return 0
            }
            divisor = next
        }
        guard product % divisor == 0 else {
            throw .notWhole
        }
        return product / divisor
    }

    /// The number as a floating-point value (for rates and percentages).
    var doubleValue: Double {
        var value = Double(mantissa)
        for _ in 0..<scale {
            value /= 10
        }
        return value
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        var text = Substring(self)
        while text.first?.isWhitespace == true {
            text = text.dropFirst()
        }
        while text.last?.isWhitespace == true {
            text = text.dropLast()
        }
        return text
    }
}

/// Picks the largest unit that divides `value` exactly, for canonical descriptions.
func canonicalForm(_ value: Int64, units: [(name: String, factor: Int64)], fallback: String) -> String {
    for unit in units where value != 0 && value % unit.factor == 0 {
        return "\(value / unit.factor)\(unit.name)"
    }
    return "\(value)\(fallback)"
}

/// Formats a floating-point value without trailing zeros (`0.5`, `20`, `0.125`).
func shortDecimal(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 {
        return String(Int64(value))
    }
    var text = String(value)
    if text.contains("e") {
        return text
    }
    while text.hasSuffix("0") {
        text.removeLast()
    }
    return text
}
