// SPDX-License-Identifier: Apache-2.0

/// One upload the runner wants made: which object, how big, through which architecture.
public struct PlannedUpload: Sendable, Hashable {
    /// Position in the plan; also selects the generated body (with the seed).
    public var index: Int
    /// The object key, relative (the app server adds its prefix; `directPut` appends it to the base URL).
    public var key: String
    /// Object size in bytes.
    public var size: Int
    public var architecture: UploadArchitecture
    /// Warm-up uploads run like the others and are flagged in their records so reports can leave them out.
    public var warmUp: Bool

    public init(index: Int, key: String, size: Int, architecture: UploadArchitecture, warmUp: Bool = false) {
        self.index = index
        self.key = key
        self.size = size
        self.architecture = architecture
        self.warmUp = warmUp
    }
}

/// The protocol a simulated client follows for one upload (see APP_API.md).
public enum UploadArchitecture: Sendable, Hashable {
    /// `PUT /upload/{key}` to the app server, which relays the body to S3.
    case proxy
    /// `POST /presign`, then `PUT` to S3 with exactly the returned headers; `confirm` adds `POST /uploads/confirm`.
    case presignedPut(confirm: Bool)
    /// `POST /presign/post`, then a multipart/form-data `POST` to S3 with the fields first and the file last.
    case presignedPost(confirm: Bool)
    /// `POST /multipart/create`, `PUT` of each part, `POST /multipart/complete`.
    case presignedMultipart(MultipartOptions)
    /// A plain `PUT` of the body to `directBaseURL` + "/" + key, without the app server
    /// (sinks such as nginx in benchmarks, or any pre-authorised endpoint).
    case directPut

    /// The label used in records and reports.
    public var label: String {
        switch self {
        case .proxy: "proxy"
        case .presignedPut: "presigned-put"
        case .presignedPost: "presigned-post"
        case .presignedMultipart: "presigned-multipart"
        case .directPut: "direct-put"
        }
    }
}

/// How a presigned multipart upload is made.
public struct MultipartOptions: Sendable, Hashable {
    /// How the client gets part URLs.
    public enum PartURLs: String, Sendable, Hashable {
        /// All part URLs come with `create`.
        case upfront
        /// Each part's URL is fetched with `POST /multipart/part-url` just before the part is sent.
        case onDemand = "on_demand"
    }

    /// The part size to ask for; nil lets the app server choose.
    public var partSize: Int?
    public var partURLs: PartURLs
    /// Parts of one upload in flight at once.
    public var parallelism: Int
    /// Whether to call `POST /uploads/confirm` after `complete`.
    public var confirm: Bool

    public init(partSize: Int? = nil, partURLs: PartURLs = .upfront, parallelism: Int = 4, confirm: Bool = false) {
        self.partSize = partSize
        self.partURLs = partURLs
        self.parallelism = max(1, parallelism)
        self.confirm = confirm
    }
}
