// SPDX-License-Identifier: Apache-2.0

/// When one measured run (one architecture, one cell, one repeat) ends: at the first limit
/// reached. At least one limit is set; uploads in flight at the end are finished and counted.
public struct StopCondition: Sendable, Hashable, Codable {
    /// Uploads started.
    public let uploads: Int?
    /// Time since the first upload started.
    public let duration: TimeSpan?
    /// Bytes of objects started (lets one size sweep bound both tiny and huge objects).
    public let bytes: ByteSize?

    public init(uploads: Int? = nil, duration: TimeSpan? = nil, bytes: ByteSize? = nil) {
        precondition(uploads != nil || duration != nil || bytes != nil, "a stop condition sets a limit")
        self.uploads = uploads
        self.duration = duration
        self.bytes = bytes
    }

    /// The default: 100 uploads or 60 s, whichever comes first.
    public static let standard = StopCondition(uploads: 100, duration: .seconds(60))
}

/// Uploads done before measuring, to warm connections and caches; not counted in results.
public struct Warmup: Sendable, Hashable, Codable {
    /// Warm-up uploads (0 for none).
    public let uploads: Int
    /// Or warm up for this long (`nil` for no time-based warm-up).
    public let duration: TimeSpan?

    public init(uploads: Int = 0, duration: TimeSpan? = nil) {
        self.uploads = uploads
        self.duration = duration
    }

    /// No warm-up (the default).
    public static let none = Warmup()

    public var isNone: Bool {
        uploads == 0 && duration == nil
    }
}
