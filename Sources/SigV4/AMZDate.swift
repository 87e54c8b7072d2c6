// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// The basic ISO 8601 timestamp SigV4 uses (`20130524T000000Z`), and the HTTP date S3 also accepts.
///
/// Formatting is done by hand from epoch seconds: no locale, no calendar objects,
/// and cheap enough for every request the mock S3 verifies.
public enum AMZDate {
    /// `YYYYMMDDTHHMMSSZ` for `date`, truncated to the second, in UTC.
    public static func string(from date: Date) -> String {
        let civil = Civil(epochSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
        return digits(civil.year, 4) + digits(civil.month, 2) + digits(civil.day, 2) + "T"
            + digits(civil.hour, 2) + digits(civil.minute, 2) + digits(civil.second, 2) + "Z"
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, the form of S3's `<Expires>` and `<ServerTime>` error fields.
    public static func iso8601(from date: Date) -> String {
        let civil = Civil(epochSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
        return digits(civil.year, 4) + "-" + digits(civil.month, 2) + "-" + digits(civil.day, 2) + "T"
            + digits(civil.hour, 2) + ":" + digits(civil.minute, 2) + ":" + digits(civil.second, 2) + "Z"
    }

    /// Parses exactly `YYYYMMDDTHHMMSSZ`; nil for anything else (milliseconds, offsets, out-of-range fields).
    public static func date(from text: some StringProtocol) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        guard let year = number(bytes[0..<4]), let month = number(bytes[4..<6]), let day = number(bytes[6..<8]),
              let hour = number(bytes[9..<11]), let minute = number(bytes[11..<13]),
              let second = number(bytes[13..<15])
        else { return nil }
        return make(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// Parses the RFC 3339 form POST policies write their expiration in:
    /// `2025-01-01T12:00:00Z`, optionally with fractional seconds (`.000Z`) or
    /// an offset (`+01:00`) in place of `Z`; nil for anything else.
    public static func date(fromRFC3339 text: some StringProtocol) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
              let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]),
              let second = number(bytes[17..<19]),
              let whole = make(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }

        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            guard index > start, index - start <= 9, let digits = number(bytes[start..<index]) else { return nil }
            fraction = Double(digits) / pow(10, Double(index - start))
        }
        guard let offset = zoneOffsetSeconds(bytes[index...]) else { return nil }
        return whole.addingTimeInterval(fraction - TimeInterval(offset))
    }

    /// `Z` (0) or `+HH:MM` / `-HH:MM` as seconds east of UTC.
    private static func zoneOffsetSeconds(_ bytes: ArraySlice<UInt8>) -> Int? {
        if bytes.count == 1 && (bytes.first == UInt8(ascii: "Z") || bytes.first == UInt8(ascii: "z")) { return 0 }
        let start = bytes.startIndex
        guard bytes.count == 6, bytes[start + 3] == UInt8(ascii: ":"),
              let hours = number(bytes[(start + 1)..<(start + 3)]), let minutes = number(bytes[(start + 4)..<(start + 6)]),
              hours <= 23, minutes <= 59
        else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "+"): return hours * 3_600 + minutes * 60
        case UInt8(ascii: "-"): return -(hours * 3_600 + minutes * 60)
        default: return nil
        }
    }

    /// Parses an IMF-fixdate HTTP `Date` header (`Fri, 24 May 2013 00:00:00 GMT`, RFC 9110 section 5.6.7).
    public static func date(fromHTTPDate text: some StringProtocol) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
              let day = Int(parts[1]), let year = Int(parts[3]),
              let month = monthNames.firstIndex(of: String(parts[2])).map({ $0 + 1 })
        else { return nil }
        let time = parts[4].split(separator: ":")
        guard time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]), let second = Int(time[2]) else {
            return nil
        }
        return make(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func make(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
              (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = Civil.daysFromCivil(year: year, month: month, day: day)
        // Reject 31 February and friends: the day must survive the round trip.
        guard Civil(epochSeconds: days * 86_400).day == day else { return nil }
        let seconds = days * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

/// A UTC calendar date and time from epoch seconds (proleptic Gregorian).
///
/// Days-from-civil and its inverse follow H. Hinnant's public-domain algorithms:
/// https://howardhinnant.github.io/date_algorithms.html
private struct Civil {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    init(epochSeconds: Int64) {
        var days = epochSeconds / 86_400
        var secondsOfDay = epochSeconds % 86_400
        if secondsOfDay < 0 {
            secondsOfDay += 86_400
            days -= 1
        }
        hour = Int(secondsOfDay / 3_600)
        minute = Int(secondsOfDay % 3_600 / 60)
        second = Int(secondsOfDay % 60)

        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthIndex = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthIndex + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
