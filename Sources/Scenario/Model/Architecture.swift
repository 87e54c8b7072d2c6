// SPDX-License-Identifier: Apache-2.0

/// One upload design to measure: through the app server, or straight to S3 with presigned URLs.
public enum Architecture: Sendable, Hashable {
    case proxy(ProxyArchitecture)
    case presigned(PresignedArchitecture)

    /// `"proxy"` or `"presigned"`, as in the file and in reports.
    public var name: String {
        switch self {
        case .proxy: return "proxy"
        case .presigned: return "presigned"
        }
    }

    /// The variant label for reports, unique among a scenario's architectures
    /// (`"stream"`, `"buffer-signed"`, `"put"`, `"multipart-on-demand"`, or the file's `variant`).
    public var variant: String {
        switch self {
        case .proxy(let proxy): return proxy.variant
        case .presigned(let presigned): return presigned.variant
        }
    }

    /// `"proxy/stream"`: architecture and variant together.
    public var label: String {
        "\(name)/\(variant)"
    }
}

/// How many parts go in flight at once, and how large they are.
public struct MultipartSettings: Sendable, Hashable, Codable {
    /// Size of every part but the last; S3 needs at least 5 MiB.
    public let partSize: ByteSize
    /// Parts uploaded in parallel per upload.
    public let partConcurrency: Int

    /// 8 MiB parts, 4 at a time.
    public static let standard = MultipartSettings(partSize: .mebibytes(8), partConcurrency: 4)

    public init(partSize: ByteSize, partConcurrency: Int) {
        self.partSize = partSize
        self.partConcurrency = partConcurrency
    }

    enum CodingKeys: String, CodingKey {
        case partSize = "part_size"
        case partConcurrency = "part_concurrency"
    }
}

/// The client sends the body to the app server, which writes it to S3 with its own credentials.
public struct ProxyArchitecture: Sendable, Hashable, Codable {
    /// How the app server handles the body.
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        /// Relay as it arrives, with a fixed buffer and backpressure.
        case stream
        /// Read the whole body into memory, then PUT it.
        case buffer
        /// Write the body to a temporary file, then PUT it.
        case spool
        /// Split into parts uploaded with bounded parallelism.
        case multipart
    }

    /// How the app server signs the payload towards S3.
    public enum PayloadSigning: String, Sendable, Hashable, Codable, CaseIterable {
        /// `UNSIGNED-PAYLOAD`.
        case unsigned
        /// The SHA-256 of the whole body (needs the body first: buffer or spool only).
        case signed
        /// aws-chunked signed streaming (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`).
        case streaming
    }

    public let mode: Mode
    public let payloadSigning: PayloadSigning
    /// Part settings; `nil` unless `mode` is `multipart`.
    public let multipart: MultipartSettings?
    /// The report label.
    public let variant: String

    public init(mode: Mode, payloadSigning: PayloadSigning = .unsigned, multipart: MultipartSettings? = nil,
                variant: String? = nil) {
        self.mode = mode
        self.payloadSigning = payloadSigning
        self.multipart = mode == .multipart ? (multipart ?? .standard) : nil
        self.variant = variant ?? (payloadSigning == .unsigned ? mode.rawValue : "\(mode.rawValue)-\(payloadSigning.rawValue)")
    }

    enum CodingKeys: String, CodingKey {
        case mode
        case payloadSigning = "payload_signing"
        case multipart
        case variant
    }
}

/// The client asks the app server for presigned URLs and sends the bytes to S3 itself.
public struct PresignedArchitecture: Sendable, Hashable, Codable {
    /// Which presigned request the client sends.
    public enum Flow: String, Sendable, Hashable, Codable, CaseIterable {
        /// One presigned PUT.
        case put
        /// A browser-style POST form with a signed policy limiting size and type.
        case post
        /// A multipart upload with a presigned URL per part, completed by the app server.
        case multipart
    }

    /// When the part URLs of a multipart flow are issued.
    public enum PartURLs: String, Sendable, Hashable, Codable, CaseIterable {
        /// All with the upload id, in the first response.
        case upfront
        /// One request to the app server per part.
        case onDemand = "on_demand"
    }

    public let flow: Flow
    /// For `multipart` only; `nil` otherwise.
    public let partURLs: PartURLs?
    /// Part settings; `nil` unless `flow` is `multipart`.
    public let multipart: MultipartSettings?
    /// Whether the client tells the app server once S3 has the object (put and post; the
    /// multipart flow always completes through the app server).
    public let confirm: Bool
    /// The report label.
    public let variant: String

    public init(flow: Flow, partURLs: PartURLs? = nil, multipart: MultipartSettings? = nil, confirm: Bool = true,
                variant: String? = nil) {
        self.flow = flow
        let isMultipart = flow == .multipart
        self.partURLs = isMultipart ? (partURLs ?? .upfront) : nil
        self.multipart = isMultipart ? (multipart ?? .standard) : nil
        self.confirm = isMultipart ? true : confirm
        self.variant = variant ?? (self.partURLs == .onDemand ? "multipart-on-demand" : flow.rawValue)
    }

    enum CodingKeys: String, CodingKey {
        case flow
        case partURLs = "part_urls"
        case multipart
        case confirm
        case variant
    }
}

extension Architecture: Codable {
    private enum CodingKeys: String, CodingKey {
        case architecture
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .architecture) {
        case "proxy": self = .proxy(try ProxyArchitecture(from: decoder))
        case "presigned": self = .presigned(try PresignedArchitecture(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(forKey: .architecture, in: container,
                                                   debugDescription: "expected proxy or presigned")
        }
    }

    /// Encodes flat, with an `architecture` field, as in scenario files.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .architecture)
        switch self {
        case .proxy(let proxy): try proxy.encode(to: encoder)
        case .presigned(let presigned): try presigned.encode(to: encoder)
        }
    }
}
