// SPDX-License-Identifier: Apache-2.0

/// Where the sizes of the uploaded objects come from within one matrix cell.
public enum ObjectSizeDistribution: Sendable, Hashable {
    /// Every object has this size.
    case fixed(ByteSize)
    /// Uniform over whole bytes in `min...max`.
    case uniform(min: ByteSize, max: ByteSize)
    /// Log-normal around `median` (`sigma` is the standard deviation of the natural log),
    /// truncated to `min...max` by drawing again.
    case lognormal(median: ByteSize, sigma: Double, min: ByteSize, max: ByteSize)
    /// A fixed set of sizes, each drawn with probability proportional to its weight.
    case buckets([SizeBucket])

    /// The only size, when the distribution is `fixed`.
    public var fixedSize: ByteSize? {
        if case .fixed(let size) = self {
            return size
        }
        return nil
    }

    /// The smallest size that can be drawn.
    public var smallest: ByteSize {
        switch self {
        case .fixed(let size): return size
        case .uniform(let min, _), .lognormal(_, _, let min, _): return min
        case .buckets(let buckets): return buckets.map(\.size).min() ?? ByteSize(bytes: 0)
        }
    }

    /// The largest size that can be drawn.
    public var largest: ByteSize {
        switch self {
        case .fixed(let size): return size
        case .uniform(_, let max), .lognormal(_, _, _, let max): return max
        case .buckets(let buckets): return buckets.map(\.size).max() ?? ByteSize(bytes: 0)
        }
    }
}

/// One size of a `buckets` distribution and its relative weight.
public struct SizeBucket: Sendable, Hashable, Codable {
    public let size: ByteSize
    /// A positive relative weight; weights need not add up to anything in particular.
    public let weight: Double

    public init(size: ByteSize, weight: Double) {
        self.size = size
        self.weight = weight
    }
}

extension ObjectSizeDistribution: CustomStringConvertible {
    /// A compact label for reports: `"8MiB"`, `"uniform 1KiB..1MiB"`,
    /// `"lognormal median 256KiB sigma 1 (1KiB..64MiB)"`, `"buckets 4KiB:70 1MiB:30"`.
    public var description: String {
        switch self {
        case .fixed(let size):
            return size.description
        case .uniform(let min, let max):
            return "uniform \(min)..\(max)"
        case .lognormal(let median, let sigma, let min, let max):
            return "lognormal median \(median) sigma \(shortDecimal(sigma)) (\(min)..\(max))"
        case .buckets(let buckets):
            return "buckets " + buckets.map { "\($0.size):\(shortDecimal($0.weight))" }.joined(separator: " ")
        }
    }
}

extension ObjectSizeDistribution: Codable {
    private enum CodingKeys: String, CodingKey {
        case distribution, min, max, median, sigma, buckets
    }

    /// Decodes what `encode(to:)` writes: a size string, or an object with `distribution`.
    public init(from decoder: any Decoder) throws {
        if let size = try? ByteSize(from: decoder) {
            self = .fixed(size)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .distribution) {
        case "uniform":
            self = .uniform(min: try container.decode(ByteSize.self, forKey: .min),
                            max: try container.decode(ByteSize.self, forKey: .max))
        case "lognormal":
            self = .lognormal(median: try container.decode(ByteSize.self, forKey: .median),
                              sigma: try container.decode(Double.self, forKey: .sigma),
                              min: try container.decode(ByteSize.self, forKey: .min),
                              max: try container.decode(ByteSize.self, forKey: .max))
        case "buckets":
            self = .buckets(try container.decode([SizeBucket].self, forKey: .buckets))
        default:
            throw DecodingError.dataCorruptedError(forKey: .distribution, in: container,
                                                   debugDescription: "expected uniform, lognormal or buckets")
        }
    }

    /// Encodes as in scenario files: a fixed size as a string, others as an object.
    public func encode(to encoder: any Encoder) throws {
        if case .fixed(let size) = self {
            try size.encode(to: encoder)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .fixed:
            break
        case .uniform(let min, let max):
            try container.encode("uniform", forKey: .distribution)
            try container.encode(min, forKey: .min)
            try container.encode(max, forKey: .max)
        case .lognormal(let median, let sigma, let min, let max):
            try container.encode("lognormal", forKey: .distribution)
            try container.encode(median, forKey: .median)
            try container.encode(sigma, forKey: .sigma)
            try container.encode(min, forKey: .min)
            try container.encode(max, forKey: .max)
        case .buckets(let buckets):
            try container.encode("buckets", forKey: .distribution)
            try container.encode(buckets, forKey: .buckets)
        }
    }
}
