// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Scenario

/// Every refusal names the file, the line, the field path, what was found and what is accepted.
@Suite struct ValidationErrorTests {
    @Test func minimalScenarioGetsDocumentedDefaults() throws {
        let scenario = try parse(minimal())
        let settings = scenario.settings
        #expect(scenario.name == "test")
        #expect(scenario.seed == 1)
        #expect(settings.load == .closed(concurrency: 8))
        #expect(settings.stop == .standard)
        #expect(settings.warmup.isNone)
        #expect(settings.repeats == 1)
        #expect(settings.s3 == .embedded(EmbeddedS3()))
        #expect(settings.app == .standard)
        #expect(settings.faults.isNone)
        #expect(settings.retry == .standard)
        #expect(settings.network == .standard)
        #expect(settings.process == .inProcess)
        #expect(settings.timeouts == .standard)
        #expect(settings.architectures.map(\.label) == ["proxy/stream", "presigned/put"])
    }

    @Test func unknownFieldIsRefusedWithTheKnownFieldsAndASuggestion() {
        let message = refusal(minimal(architectures: #"[{"architecture": "proxy", "modee": "stream"}]"#))
        #expect(message.hasPrefix("test.json:2: architectures[0].modee: unknown field; expected one of architecture, variant, mode"))
        #expect(message.contains("(did you mean \"mode\"?)"))
    }

    @Test func sweepBlockGetsAHintAboutLists() {
        let message = refusal(minimal(#""sweep": {"object_size": ["1KiB"]},"#))
        #expect(message.contains("test.json:4: sweep: unknown field"))
        #expect(message.contains("give it a list of values"))
    }

    @Test func badUnitIsRefusedWithTheAcceptedForms() {
        let message = refusal(minimal(objectSize: #""8Mib""#))
        #expect(message == #"test.json:3: object_size: found "8Mib"; expected a size like "8MiB", "512KiB", "1GB" or a byte count"#)
        let duration = refusal(minimal(#""stop": {"duration": "30"},"#))
        #expect(duration.contains(#"stop.duration: found "30"; expected a duration like "250ms""#))
        let bandwidth = refusal(minimal(#""network": {"client": {"up": "100MB", "down": "1Gbit", "rtt": "5ms"}},"#))
        #expect(bandwidth.contains(#"network.client.up: found "100MB"; expected a bandwidth like "100Mbit""#))
    }

    @Test func wrongTypeIsRefused() {
        let message = refusal(minimal(#""load": {"concurrency": "8"}, "repeats": 1.5, "s3": {"type": "embedded", "md5": "yes"},"#))
        #expect(message.contains(#"test.json:4: load.concurrency: found "8"; expected a whole number from 1 to 10000"#))
        #expect(message.contains("repeats: found 1.5; expected a whole number from 1 to 100"))
        #expect(message.contains(#"s3.md5: found "yes"; expected true or false"#))
    }

    @Test func badEnumValueListsTheChoices() {
        let text = #"{"architectures": [{"architecture": "proxy"}, {"architecture": "proxy", "mode": "bufer"}],"#
            + "\n" + #""object_size": "1MiB"}"#
        let message = refusal(text)
        #expect(message == #"test.json:1: architectures[1].mode: found "bufer"; expected one of stream, buffer, spool, multipart (did you mean "buffer"?)"#)
        let kind = refusal(minimal(#""process": "threads","#))
        #expect(kind.contains(#"process: found "threads"; expected one of in-process, child-processes"#))
        let architecture = refusal(#"{"architectures": [{"architecture": "direct"}], "object_size": "1MiB"}"#)
        #expect(architecture.contains(#"architectures[0].architecture: found "direct"; expected one of proxy, presigned"#))
    }

    @Test func linkShapingIsOneOfThreeModesAndSurvivesASweep() throws {
        let message = refusal(minimal(#""network": {"shaping": "tc"},"#))
        #expect(message == #"test.json:4: network.shaping: found "tc"; expected one of auto, emulator, kernel"#)
        let number = refusal(minimal(#""network": {"shaping": 1},"#))
        #expect(number.contains("network.shaping: found 1; expected one of auto, emulator, kernel"))
        #expect(try parse(minimal()).settings.network.shaping == .auto)

        let swept = try parse(minimal(#""network": {"shaping": "kernel", "client": ["loopback", "office-fibre"]},"#))
        #expect(swept.matrix().map { $0.network.shaping } == [.kernel, .kernel])
        #expect(swept.matrix().map { $0.network.clientApp.name } == ["loopback", "office-fibre"])
    }

    @Test(arguments: [
        (#""load": {"concurrency": 0},"#, "load.concurrency: found 0; expected a whole number from 1 to 10000"),
        (#""stop": {"uploads": -5},"#, "stop.uploads: found -5; expected a whole number from 1 to 10000000"),
        (#""stop": {"duration": "-5s"},"#, #"stop.duration: found "-5s"; expected a value that is not negative"#),
        (#""stop": {"duration": "48h"},"#, #"stop.duration: found "48h"; expected a value from 1ms to 24h"#),
        (#""app": {"presign_expiry": "169h"},"#,
         #"app.presign_expiry: found "169h"; expected a value from 1s to 168h (S3 allows at most 7 days)"#),
        (#""app": {"extra_cpu_per_upload": "2s"},"#, #"app.extra_cpu_per_upload: found "2s"; expected a value from 0s to 1s"#),
        (#""faults": {"slow_down_rate": "150%"},"#, #"faults.slow_down_rate: found "150%"; expected a percentage from 0% to 100%"#),
        (#""load": {"arrival_rate": "0/s"},"#, #"load.arrival_rate: found "0/s"; expected a rate above 0/s"#),
        // A number with an exponent got the format message ("like \"20/s\"") though only its size was wrong.
        (#""load": {"arrival_rate": "1e9/s"},"#,
         #"load.arrival_rate: found "1e9/s"; expected a rate above 0/s and at most 100000/s"#),
        (#""load": {"arrival_rate": "1e-400/s"},"#,
         #"load.arrival_rate: found "1e-400/s"; expected a rate above 0/s and at most 100000/s"#),
        (#""load": {"arrival_rate": "1e999999/s"},"#,
         #"load.arrival_rate: found "1e999999/s"; expected a rate above 0/s and at most 100000/s"#),
        (#""load": {"arrival_rate": "1e2/s"},"#,
         #"load.arrival_rate: found "1e2/s"; expected an arrival rate like "20/s", "600/m" or "0.5/s""#),
        (#""stop": {"duration": "1e5h"},"#, #"stop.duration: found "1e5h"; expected a value from 1ms to 24h"#),
        (#""faults": {"reset_after": "1TiB", "s3_bandwidth": "0Mbit"},"#,
         #"faults.s3_bandwidth: found "0Mbit"; expected a bandwidth from 1Kbit/s to 400Gbit/s"#),
    ] as [(String, String)])
    func impossibleValueIsRefused(field: String, expected: String) {
        let message = refusal(minimal(field))
        #expect(message.contains(expected), "\(message)")
        #expect(message.hasPrefix("test.json:4: "))
    }

    @Test func partsUnderFiveMebibytesAreRefused() {
        let architectures = #"[{"architecture": "proxy", "mode": "multipart", "part_size": "4MiB"}]"#
        let message = refusal(minimal(architectures: architectures))
        #expect(message.contains(#"architectures[0].part_size: found "4MiB"; expected a value from 5MiB to 5GiB (S3's part size limits)"#))
    }

    @Test(arguments: [
        (#""stop": {},"#, "stop: expected at least one of uploads, duration, bytes"),
        (#""retry": {"initial_backoff": "10s", "max_backoff": "1s"},"#,
         "retry.max_backoff: found 1s; expected at least initial_backoff (10s)"),
    ] as [(String, String)])
    func inconsistentSectionIsRefused(field: String, expected: String) {
        let message = refusal(minimal(field))
        #expect(message.contains(expected), "\(message)")
    }

    // A log-normal max below its min blamed the median ("expected between min (2MiB) and max (1MiB)"),
    // a range nothing fits in; it now blames max, as the uniform distribution does.
    @Test(arguments: [
        #"{"distribution": "uniform", "min": "2MiB", "max": "1MiB"}"#,
        #"{"distribution": "lognormal", "median": "1536KiB", "sigma": 1, "min": "2MiB", "max": "1MiB"}"#,
    ])
    func aDistributionsMaxBelowItsMinIsBlamedOnMax(distribution: String) {
        let message = refusal(minimal(objectSize: distribution))
        #expect(message == "test.json:3: object_size.max: found 1MiB; expected at least min (2MiB)")
    }

    // These said "found a list; expected a non-empty list" where swept fields say "found an empty list".
    @Test func emptyListsAreCalledEmpty() {
        let architectures = refusal(minimal(architectures: "[]"))
        #expect(architectures.hasPrefix("test.json:2: architectures: found an empty list; expected a non-empty list of architectures"))
        let buckets = refusal(minimal(objectSize: #"{"distribution": "buckets", "buckets": []}"#))
        #expect(buckets == "test.json:3: object_size.buckets: found an empty list; expected a list of 1 to 100 buckets "
                + #"like {"size": "4KiB", "weight": 70}"#)
    }

    @Test func objectsOverFiveTebibytesAndSinglePutsOverFiveGibibytesAreRefused() {
        let huge = refusal(minimal(objectSize: #""6TiB""#))
        #expect(huge.contains(#"object_size: found "6TiB"; expected a value from 0B to 5TiB (S3's largest object)"#))
        let singlePut = refusal(minimal(#""app": {"max_body_size": "5TiB"},"#, objectSize: #""6GiB""#))
        #expect(singlePut.contains("architectures[0]: object sizes up to 6GiB exceed 5GiB, the largest single PUT"))
        #expect(singlePut.contains("architectures[1]: object sizes up to 6GiB exceed 5GiB"))
        let bodyLimit = refusal(minimal(#""app": {"max_body_size": "1MiB"},"#, objectSize: #""2MiB""#))
        #expect(bodyLimit.contains("app.max_body_size: found 1MiB; expected at least the largest object size (2MiB)"))
    }

    @Test func signedPayloadsWithEveryModeThatHoldsTheBodyOrPart() throws {
        let text = #"{"architectures": [{"architecture": "proxy", "mode": "stream", "payload_signing": "signed"}], "object_size": 1}"#
        #expect(refusal(text).contains(#"architectures[0].payload_signing: found "signed" with mode stream"#))
        #expect(refusal(text).contains("expected mode buffer, spool or multipart"))
        // As `serve app --payload-signing signed` accepts them: multipart was refused here.
        for mode in ["buffer", "spool", "multipart"] {
            let accepted = try parse(text.replacingOccurrences(of: "stream", with: mode))
            #expect(accepted.settings.architectures.first?.variant == "\(mode)-signed")
        }
    }

    @Test func fieldsForAnotherModeAreRefused() {
        let text = #"{"architectures": [{"architecture": "presigned", "flow": "put", "part_urls": "upfront"}], "object_size": 1}"#
        #expect(refusal(text).contains("architectures[0].part_urls: only used with flow multipart"))
        let load = refusal(minimal(#""load": {"concurrency": 4, "max_in_flight": 8},"#))
        #expect(load.contains("load.max_in_flight: only used with arrival_rate (open loop)"))
    }

    @Test func credentialsInTheFileAreRefusedWithAHint() {
        let s3 = #""s3": {"type": "endpoint", "url": "http://127.0.0.1:8333", "bucket": "bench", "secret_access_key": "abc"},"#
        let message = refusal(minimal(s3))
        #expect(message.contains("s3.secret_access_key: unknown field"))
        #expect(message.contains("never put credentials in a scenario file"))
    }

    @Test(arguments: ["http://127.0.0.1:99999", "http://127.0.0.1:0"])
    func anEndpointPortOutsideTheRangeIsRefused(url: String) {
        let message = refusal(minimal(#""s3": {"type": "endpoint", "url": "\#(url)", "bucket": "bench"},"#))
        #expect(message == #"test.json:4: s3.url: found "\#(url)"; expected a port from 1 to 65535, like "http://127.0.0.1:8333""#)
    }

    @Test(arguments: [
        ("https://127.0.0.1:8333", "an http:// URL like \"http://127.0.0.1:8333\": the app server's S3 client has no TLS"),
        ("http://minio.internal:9000", "an IP address or localhost as the host, like \"http://127.0.0.1:8333\": host names are not resolved"),
        ("http://127.0.0.1:8333/bench?x=1", "a URL without a path or query, like \"http://127.0.0.1:8333\": the bucket goes in the path of each request"),
    ])
    func anEndpointTheRunnerCannotUseIsRefused(url: String, expected: String) {
        let message = refusal(minimal(#""s3": {"type": "endpoint", "url": "\#(url)", "bucket": "bench"},"#))
        #expect(message == #"test.json:4: s3.url: found "\#(url)"; expected "# + expected)
    }

    @Test func anEndpointURLWithAnAddressIsAccepted() throws {
        for url in ["http://127.0.0.1:8333", "http://[::1]:9000/", "http://localhost"] {
            let scenario = try parse(minimal(#""s3": {"type": "endpoint", "url": "\#(url)", "bucket": "bench"},"#))
            guard case .endpoint(let endpoint) = scenario.settings.s3 else {
                Issue.record("\(url) should give an endpoint")
                continue
            }
            #expect(endpoint.url == url)
        }
    }

    @Test func virtualHostedAddressingIsRefusedAsNotImplemented() {
        let message = refusal(minimal(#""s3": {"type": "endpoint", "url": "http://127.0.0.1:8333", "bucket": "bench", "path_style": false},"#))
        #expect(message.contains("test.json:4: s3.path_style: found false; expected true: only path-style addressing"))
    }

    @Test func aValueTooLargeToRepresentNamesTheAcceptedRange() {
        let size = refusal(minimal(objectSize: #""9999999TiB""#))
        #expect(size == #"test.json:3: object_size: found "9999999TiB"; expected a value from 0B to 5TiB (S3's largest object)"#)
        let bytes = refusal(minimal(objectSize: "99999999999999999999999999"))
        #expect(bytes == #"test.json:3: object_size: found 99999999999999999999999999; expected a value from 0B to 5TiB (S3's largest object)"#)
        let duration = refusal(minimal(#""stop": {"duration": "9223372036854775807s"},"#))
        #expect(duration == #"test.json:4: stop.duration: found "9223372036854775807s"; expected a value from 1ms to 24h"#)
    }

    @Test func sweptLinksNeedDistinctNames() throws {
        let unnamed = #"[{"up": "100Mbit", "down": "100Mbit", "rtt": "2ms"}, {"up": "10Mbit", "down": "10Mbit", "rtt": "20ms"}]"#
        let message = refusal(minimal(#""network": {"client": \#(unnamed)},"#))
        #expect(message.hasPrefix(#"test.json:4: network.client[1]: found a link named "custom" like network.client[0]; expected a distinct "name""#))
        let overridden = #"["office-fibre", {"profile": "office-fibre", "rtt": "50ms", "name": "office-fibre"}]"#
        #expect(refusal(minimal(#""network": {"client": \#(overridden)},"#)).contains("network.client[1]: found a link named \"office-fibre\""))
        let named = unnamed.replacingOccurrences(of: #""rtt": "2ms""#, with: #""rtt": "2ms", "name": "lan""#)
        #expect(try parse(minimal(#""network": {"client": \#(named)},"#)).sweep.count == 1)
    }

    // The jitter was shown unquoted ("found 50ms") where other refusals quote the value as written.
    @Test func aJitterAboveTheRttIsQuotedAsWritten() {
        let link = #""network": {"client": {"up": "10Mbit", "down": "10Mbit", "rtt": "20ms", "jitter": "50ms"}},"#
        #expect(refusal(minimal(link)) == #"test.json:4: network.client.jitter: found "50ms"; expected at most the rtt (20ms)"#)
    }

    // mobile-uplink's 15ms jitter above an rtt of 10ms was refused on a "jitter" field that was
    // not there: nothing was reported and the run silently used the default client link.
    @Test func anRttBelowTheProfilesJitterIsRefusedNotDropped() throws {
        let message = refusal(minimal(#""network": {"client": {"profile": "mobile-uplink", "rtt": "10ms"}},"#))
        #expect(message == "test.json:4: network.client.rtt: found 10ms, below the jitter of profile mobile-uplink (15ms); "
                + #"expected at least that jitter, or a "jitter" of at most the rtt"#)
        let ownJitter = #""network": {"client": {"profile": "mobile-uplink", "rtt": "10ms", "jitter": "2ms", "name": "m"}},"#
        #expect(try parse(minimal(ownJitter)).settings.network.clientApp.shape?.rtt == .milliseconds(10))
    }

    @Test func severalProblemsAreReportedAtOnceInFileOrder() throws {
        let text = """
            {
                "name": "bad name!",
                "architectures": [{"architecture": "proxy", "mode": "stram"}],
                "object_size": "8Mib",
                "load": {"concurrency": 0},
            }
            """
        let error = try #require(throws: ScenarioError.self) { try parse(text) }
        #expect(error.problems.map(\.path) == ["name", "architectures[0].mode", "object_size", "load.concurrency"])
        #expect(error.problems.map(\.line) == [2, 3, 4, 5])
        #expect(error.label == "scenario.invalid")
        #expect(error.file == "test.json")
        #expect(error.description.split(separator: "\n").count == 4)
    }

    @Test func syntaxErrorsHaveLineAndColumn() throws {
        let missingComma = refusal("{\n  \"name\": \"x\"\n  \"seed\": 1\n}")
        #expect(missingComma == #"test.json:3:3: unexpected """; expected "," or "}""#)
        let duplicate = refusal("{\n  \"seed\": 1,\n  \"seed\": 2\n}")
        #expect(duplicate == #"test.json:3:3: duplicate field "seed""#)
        let unit = refusal(#"{"object_size": 8MiB}"#)
        #expect(unit.contains("values with units are strings, like \"8MiB\""))
        let quotes = refusal("{'seed': 1}")
        #expect(quotes.contains("test.json:1:2: unexpected \"'\""))
        let error = try #require(throws: ScenarioError.self) { try parse("") }
        #expect(error.label == "scenario.syntax")
    }

    @Test func missingFileIsReported() throws {
        let error = try #require(throws: ScenarioError.self) { try ScenarioFile.load(path: "/nonexistent/x.json") }
        #expect(error.description == "/nonexistent/x.json: no such file")
        #expect(error.label == "scenario.unreadable")
    }

    @Test func aDirectoryIsReportedAsOne() throws {
        let directory = FileManager.default.temporaryDirectory.path
        let error = try #require(throws: ScenarioError.self) { try ScenarioFile.load(path: directory) }
        #expect(error.description == "\(directory): is a directory; expected a scenario file, like scenarios/quick.json")
        #expect(error.label == "scenario.unreadable")
    }

    @Test func duplicateArchitecturesNeedAVariantName() throws {
        let twice = #"{"architectures": [{"architecture": "proxy"}, {"architecture": "proxy", "mode": "stream"}], "object_size": 1}"#
        #expect(refusal(twice).contains("architectures[1]: proxy/stream is listed twice"))
        let named = twice.replacingOccurrences(of: #""mode": "stream""#, with: #""mode": "stream", "variant": "stream-b""#)
        #expect(try parse(named).settings.architectures.map(\.label) == ["proxy/stream", "proxy/stream-b"])
    }

    @Test func aSweptValueGivenTwiceIsRefusedAtItsSecondPlace() {
        let sizes = refusal(minimal(objectSize: #"["1MiB", "4KiB", 1048576]"#))
        #expect(sizes == #"test.json:3: object_size[2]: found 1048576, the same value as object_size[0]; "#
            + "expected each swept value once (a repeated value makes duplicate cells)")
        let concurrency = refusal(minimal(#""load": {"concurrency": [1, 8, 8]},"#))
        #expect(concurrency.hasPrefix(#"test.json:4: load.concurrency[2]: found 8, the same value as load.concurrency[1]; "#))
        let rates = refusal(minimal(#""load": {"arrival_rate": ["10/s", "10/s"]},"#))
        #expect(rates.contains(#"load.arrival_rate[1]: found "10/s", the same value as load.arrival_rate[0]"#))
        let links = refusal(minimal(#""network": {"client": ["office-fibre", "loopback", "office-fibre"]},"#))
        #expect(links.contains(#"network.client[2]: found "office-fibre", the same value as network.client[0]"#))
        let distributions = refusal(minimal(objectSize: #"[{"distribution": "uniform", "min": "1KiB", "max": "2KiB"}, {"distribution": "uniform", "min": "1KiB", "max": "2KiB"}]"#))
        #expect(distributions.contains("object_size[1]: found an object, the same value as object_size[0]"))
    }

    @Test func faultsNeedTheEmbeddedS3() {
        let text = minimal(#""s3": {"type": "endpoint", "url": "http://127.0.0.1:8333", "bucket": "bench"}, "faults": {"s3_latency": "5ms"},"#)
        #expect(refusal(text).contains("faults: faults are injected by the embedded S3"))
    }
}
