// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Scenario

@Suite struct UnitParsingTests {
    @Test(arguments: [
        ("0", 0), ("100", 100), ("100B", 100), ("1KB", 1000), ("1kB", 1000), ("1KiB", 1024), ("8MiB", 8 << 20),
        ("512KiB", 512 << 10), ("1GB", 1_000_000_000), ("1.5MiB", 1_572_864), ("2 GiB", 2 << 30), ("5TiB", 5 << 40),
        ("1TB", 1_000_000_000_000), ("0.5KB", 500),
    ] as [(String, Int64)])
    func sizesParse(text: String, bytes: Int64) throws {
        #expect(try ByteSize(parsing: text)?.bytes == bytes)
    }

    @Test(arguments: ["8mib", "8Mib", "8 M", "MiB", "", "1.5.5MiB", "8MiBs", "1e3"])
    func sizesWithUnknownUnitsParseToNil(text: String) throws {
        let parsed = try? ByteSize(parsing: text)
        #expect(parsed == nil)
    }

    @Test func sizeFailuresAreSpecific() {
        #expect(throws: UnitText.Failure.noNumber) { try ByteSize(parsing: "MiB") }
        #expect(throws: UnitText.Failure.negative) { try ByteSize(parsing: "-1MiB") }
        #expect(throws: UnitText.Failure.notWhole) { try ByteSize(parsing: "1.5B") }
        #expect(throws: UnitText.Failure.tooLarge) { try ByteSize(parsing: "99999999999TiB") }
    }

    // Nineteen or more decimal places overflowed the divisor and crashed `validate`.
    @Test func manyDecimalPlacesAreNotWholeRatherThanACrash() throws {
        #expect(throws: UnitText.Failure.notWhole) { try ByteSize(parsing: "0.00000000000000000000001MiB") }
        #expect(try ByteSize(parsing: "0.00000000000000000000000MiB") == ByteSize(bytes: 0))
    }

    @Test(arguments: [
        (0, "0B"), (1, "1B"), (1000, "1KB"), (1024, "1KiB"), (1536, "1536B"), (8 << 20, "8MiB"),
        (1_000_000_000, "1GB"), (5 << 40, "5TiB"), (1_500_000, "1500KB"),
    ] as [(Int64, String)])
    func sizesPrintCanonically(bytes: Int64, text: String) throws {
        let size = ByteSize(bytes: bytes)
        #expect(size.description == text)
        #expect(try ByteSize(parsing: text) == size)
    }

    @Test(arguments: [
        ("100ns", 100), ("500us", 500_000), ("500µs", 500_000), ("250ms", 250_000_000), ("1.5s", 1_500_000_000),
        ("2m", 120_000_000_000), ("1h", 3_600_000_000_000), ("0s", 0), ("30 s", 30_000_000_000),
    ] as [(String, Int64)])
    func durationsParse(text: String, nanoseconds: Int64) throws {
        #expect(try TimeSpan(parsing: text)?.nanoseconds == nanoseconds)
    }

    @Test func durationsNeedAUnit() throws {
        #expect(try TimeSpan(parsing: "30") == nil)
        #expect(try TimeSpan(parsing: "2d") == nil)
        #expect(try TimeSpan(parsing: "5S") == nil)
        #expect(throws: UnitText.Failure.notWhole) { try TimeSpan(parsing: "1.5ns") }
    }

    @Test(arguments: [
        (0, "0s"), (1_500_000_000, "1500ms"), (120_000_000_000, "2m"), (5_400_000_000_000, "90m"), (7, "7ns"),
        (3_600_000_000_000, "1h"), (2_000, "2us"),
    ] as [(Int64, String)])
    func durationsPrintCanonically(nanoseconds: Int64, text: String) throws {
        let span = TimeSpan(nanoseconds: nanoseconds)
        #expect(span.description == text)
        #expect(try TimeSpan(parsing: text) == span)
        #expect(span.duration == .nanoseconds(nanoseconds))
    }

    @Test(arguments: [
        ("100Mbit", 100_000_000), ("100Mbit/s", 100_000_000), ("1Gbit", 1_000_000_000), ("50Mbps", 50_000_000),
        ("800kbps", 800_000), ("800Kbit", 800_000), ("12MB/s", 96_000_000), ("1MiB/s", 8_388_608), ("1.5Gbit", 1_500_000_000),
        ("100B/s", 800), ("64bit/s", 64), ("9600bps", 9600),
    ] as [(String, Int64)])
    func bandwidthsParse(text: String, bits: Int64) throws {
        #expect(try BitRate(parsingAllowingZero: text)?.bitsPerSecond == bits)
    }

    @Test func bandwidthsNeedAKnownUnit() throws {
        #expect(try BitRate(parsingAllowingZero: "100") == nil)
        #expect(try BitRate(parsingAllowingZero: "100MB") == nil)
        #expect(try BitRate(parsingAllowingZero: "100Mb") == nil)
        #expect(try BitRate(parsingAllowingZero: "10Mbit/h") == nil)
    }

    @Test(arguments: [
        (100_000_000, "100Mbit/s"), (1_000_000_000, "1Gbit/s"), (8_388_608, "1MiB/s"), (1500, "1500bit/s"),
        (96_000_000, "96Mbit/s"),
    ] as [(Int64, String)])
    func bandwidthsPrintCanonically(bits: Int64, text: String) throws {
        let rate = BitRate(bitsPerSecond: bits)
        #expect(rate.description == text)
        #expect(try BitRate(parsingAllowingZero: text) == rate)
    }

    // Command-line numbers: Double(String) also read "0x10" as 16, "1e-12", "+1", "nan" and "inf".
    @Test(arguments: [("20", 20.0), ("0.5", 0.5), (".25", 0.25), ("7.", 7.0), ("0", 0.0)])
    func plainDecimalsParse(text: String, value: Double) {
        #expect(Double(plainDecimal: text) == value)
    }

    @Test(arguments: ["0x10", "1e-12", "1E3", "+1", "-1", "nan", "inf", "infinity", "", ".", "1.2.3", " 1", "1_000", "٣"])
    func onlyPlainDecimalsParse(text: String) {
        #expect(Double(plainDecimal: text) == nil)
    }

    @Test(arguments: [(0.00001, "0.00001"), (1e-06, "0.000001"), (1.5e-07, "0.00000015"), (0.03, "0.03"),
                      (10.5, "10.5"), (1e16, "10000000000000000"), (2.5e17, "250000000000000000")])
    func plainDecimalDescriptionsHaveNoExponent(value: Double, text: String) {
        #expect(value.plainDecimalDescription == text)
        #expect(Double(plainDecimal: text) == value)
    }

    @Test(arguments: [("1e9/s", "1000000000/s"), ("2.5E-3s", "0.0025s"), ("1.25e+1%", "12.5%"), ("15e1MiB", "150MiB"),
                      ("7e0", "7")])
    func exponentsAreWrittenOutForRefusals(text: String, plain: String) {
        #expect(UnitText.writingOutExponent(text) == plain)
    }

    @Test(arguments: ["20/s", "1e", "e5", "1.2.3e4", "-1e3", "8MiB"])
    func textWithoutAnExponentIsNotRewritten(text: String) {
        #expect(UnitText.writingOutExponent(text) == nil)
    }

    @Test func arrivalRatesAndPercentagesParse() throws {
        #expect(try ArrivalRate.parse("20/s") == 20)
        #expect(try ArrivalRate.parse("600/m") == 10)
        #expect(try ArrivalRate.parse("3600/h") == 1)
        #expect(try ArrivalRate.parse("20") == nil)
        #expect(ArrivalRate(perSecond: 0.5).description == "0.5/s")
        #expect(ArrivalRate(perSecond: 20).description == "20/s")
        #expect(try Percentage.parse("0.5%") == 0.005)
        #expect(try Percentage.parse("0.5") == nil)
        #expect(Percentage(fraction: 0.005).description == "0.5%")
        #expect(Percentage(fraction: 0.03).description == "3%")
    }

    @Test func unitsEncodeAsCanonicalStringsAndDecodeBack() throws {
        struct Sample: Codable, Equatable {
            let size: ByteSize
            let time: TimeSpan
            let rate: BitRate
            let arrivals: ArrivalRate
            let share: Percentage
        }
        let sample = Sample(size: .mebibytes(8), time: .milliseconds(250), rate: .megabits(50),
                            arrivals: ArrivalRate(perSecond: 20), share: Percentage(fraction: 0.01))
        let data = try JSONEncoder().encode(sample)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"8MiB\"") && text.contains("\"250ms\"") && text.contains("\"50Mbit\\/s\"")
                && text.contains("\"20\\/s\"") && text.contains("\"1%\""))
        #expect(try JSONDecoder().decode(Sample.self, from: data) == sample)
    }
}
