// SPDX-License-Identifier: Apache-2.0

extension ScenarioReader {
    private enum DistributionName: String, CaseIterable {
        case uniform
        case lognormal
        case buckets
    }

    /// One size or distribution, or a list of them (a sweep).
    func objectSizes(_ value: JSONValue, at path: FieldPath) -> [ObjectSizeDistribution]? {
        guard case .array(let elements) = value.kind else {
            return objectSize(value, at: path).map { [$0] }
        }
        guard !elements.isEmpty else {
            mismatch(value, at: path, expected: "an object size, a distribution, or a non-empty list of them")
            return nil
        }
        let sizes = elements.enumerated().compactMap { objectSize($1, at: path.index($0)) }
        guard sizes.count == elements.count, distinct(sizes, elements: elements, at: path) else {
            return nil
        }
        return sizes
    }

    private func objectSize(_ value: JSONValue, at path: FieldPath) -> ObjectSizeDistribution? {
        let sizeRange = ByteSize(bytes: 0)...Limits.largestObject
        guard case .object = value.kind else {
            if case .array = value.kind {
                mismatch(value, at: path, expected: "a size or a distribution (lists do not nest)")
                return nil
            }
            return size(value, at: path, in: sizeRange, why: " (S3's largest object)").map(ObjectSizeDistribution.fixed)
        }
        guard let kind = discriminator(value, at: path, key: "distribution", as: DistributionName.self) else {
            return nil
        }
        let before = problems.count
        let read = { (value: JSONValue, path: FieldPath) in
            self.size(value, at: path, in: sizeRange, why: " (S3's largest object)")
        }
        switch kind {
        case .uniform:
            guard let fields = object(value, at: path, fields: ["distribution", "min", "max"]) else {
                return nil
            }
            let min = fields.require("min", expected: ByteSize.expected, read)
            let max = fields.require("max", expected: ByteSize.expected, read)
            guard problems.count == before, let min, let max else {
                return nil
            }
            guard min <= max else {
                fields.refuse("max", because: "found \(max); expected at least min (\(min))")
                return nil
            }
            return .uniform(min: min, max: max)
        case .lognormal:
            guard let fields = object(value, at: path, fields: ["distribution", "median", "sigma", "min", "max"]) else {
                return nil
            }
            let median = fields.require("median", expected: ByteSize.expected, read)
            let sigma = fields.require("sigma", expected: "a number like 1.0") {
                self.number($0, at: $1, in: 0.01...5, why: " (the standard deviation of ln(size))")
            }
            let min = fields.require("min", expected: ByteSize.expected, read)
            let max = fields.require("max", expected: ByteSize.expected, read)
            guard problems.count == before, let median, let sigma, let min, let max else {
                return nil
            }
            // Blamed on max as the uniform distribution does: with max below min no median fits.
            guard min <= max else {
                fields.refuse("max", because: "found \(max); expected at least min (\(min))")
                return nil
            }
            guard min <= median, median <= max else {
                fields.refuse("median", because: "found \(median); expected between min (\(min)) and max (\(max))")
                return nil
            }
            return .lognormal(median: median, sigma: sigma, min: min, max: max)
        case .buckets:
            guard let fields = object(value, at: path, fields: ["distribution", "buckets"]) else {
                return nil
            }
            let buckets = fields.require("buckets", expected: "a list of {\"size\", \"weight\"}") {
                self.buckets($0, at: $1, sizeRange: sizeRange)
            }
            return buckets.map(ObjectSizeDistribution.buckets)
        }
    }

    private func buckets(_ value: JSONValue, at path: FieldPath, sizeRange: ClosedRange<ByteSize>) -> [SizeBucket]? {
        guard case .array(let elements) = value.kind, (1...100).contains(elements.count) else {
            mismatch(value, at: path, expected: "a list of 1 to 100 buckets like {\"size\": \"4KiB\", \"weight\": 70}")
            return nil
        }
        let buckets = elements.enumerated().compactMap { index, element -> SizeBucket? in
            guard let fields = object(element, at: path.index(index), fields: ["size", "weight"]) else {
                return nil
            }
            let size = fields.require("size", expected: ByteSize.expected) {
                self.size($0, at: $1, in: sizeRange, why: " (S3's largest object)")
            }
            let weight = fields.require("weight", expected: "a positive number") {
                self.number($0, at: $1, in: 1e-9...1e9)
            }
            guard let size, let weight else {
                return nil
            }
            return SizeBucket(size: size, weight: weight)
        }
        return buckets.count == elements.count ? buckets : nil
    }

    /// Closed or open loop, with its swept field if any.
    func load(_ value: JSONValue, at path: FieldPath) -> (LoadModel, [SweepAxis])? {
        let known = ["concurrency", "arrival_rate", "max_in_flight", "arrivals"]
        guard let fields = object(value, at: path, fields: known) else {
            return nil
        }
        switch (fields.has("concurrency"), fields.has("arrival_rate")) {
        case (true, true):
            fields.refuse("arrival_rate", because: "set together with concurrency; expected concurrency (closed loop) "
                          + "or arrival_rate (open loop), not both")
            return nil
        case (false, false):
            report(path, line: value.line, "expected concurrency (closed loop) or arrival_rate (open loop)")
            return nil
        case (true, false):
            fields.refuse("max_in_flight", because: "only used with arrival_rate (open loop)")
            fields.refuse("arrivals", because: "only used with arrival_rate (open loop)")
            guard let values = fields.sweep("concurrency", { self.integer($0, at: $1, in: 1...10_000) }) else {
                return nil
            }
            let axis = SweepAxis(field: .concurrency, values: values.map { .concurrency(Int($0)) })
            return (.closed(concurrency: Int(values[0])), values.count > 1 ? [axis] : [])
        case (false, true):
            let rates = fields.sweep("arrival_rate") { self.arrivalRate($0, at: $1, max: 100_000) }
            let maxInFlight = fields.get("max_in_flight") { self.integer($0, at: $1, in: 1...10_000) } ?? 64
            let arrivals = fields.get("arrivals") { self.choice($0, at: $1, as: ArrivalProcess.self) } ?? .poisson
            guard let rates else {
                return nil
            }
            let axis = SweepAxis(field: .arrivalRate, values: rates.map { .arrivalRate($0) })
            return (.open(rate: rates[0], maxInFlight: Int(maxInFlight), arrivals: arrivals), rates.count > 1 ? [axis] : [])
        }
    }

    func stop(_ value: JSONValue, at path: FieldPath) -> StopCondition? {
        guard let fields = object(value, at: path, fields: ["uploads", "duration", "bytes"]) else {
            return nil
        }
        let uploads = fields.get("uploads") { self.integer($0, at: $1, in: 1...10_000_000) }
        let duration = fields.get("duration") { self.timeSpan($0, at: $1, in: .milliseconds(1)...TimeSpan.hours(24)) }
        let bytes = fields.get("bytes") { self.size($0, at: $1, in: ByteSize(bytes: 1)...ByteSize.tebibytes(100)) }
        guard uploads != nil || duration != nil || bytes != nil else {
            if !fields.keys.contains(where: ["uploads", "duration", "bytes"].contains) {
                report(path, line: value.line, "expected at least one of uploads, duration, bytes")
            }
            return nil
        }
        return StopCondition(uploads: uploads.map(Int.init), duration: duration, bytes: bytes)
    }

    func warmup(_ value: JSONValue, at path: FieldPath) -> Warmup? {
        guard let fields = object(value, at: path, fields: ["uploads", "duration"]) else {
            return nil
        }
        if fields.has("uploads"), fields.has("duration") {
            fields.refuse("duration", because: "set together with uploads; expected uploads or duration, not both")
            return nil
        }
        let uploads = fields.get("uploads") { self.integer($0, at: $1, in: 0...1_000_000) }
        let duration = fields.get("duration") { self.timeSpan($0, at: $1, in: .zero...TimeSpan.hours(1)) }
        return Warmup(uploads: uploads.map(Int.init) ?? 0, duration: duration)
    }
}
