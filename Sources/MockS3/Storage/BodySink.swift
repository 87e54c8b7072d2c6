// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Where an upload's bytes go while it is still unverified. Nothing becomes
/// visible until the store commits the finished body, so a failed check
/// leaves nothing behind (`abandon`).
protocol BodySink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws(S3Error)
    /// Ends the body and hands it over.
    func finish() throws(S3Error) -> StoredBody
    /// Throws the bytes away.
    func abandon()
}

/// Discard mode: counts nothing, keeps nothing (the digests live elsewhere).
final class DiscardSink: BodySink {
    func write(_ bytes: UnsafeRawBufferPointer) throws(S3Error) {}
    func finish() throws(S3Error) -> StoredBody { .discarded }
    func abandon() {}
}

/// Memory mode: the bytes in one array, sized from the declared length.
final class MemorySink: BodySink {
    private var bytes: [UInt8] = []

    init(expectedSize: Int64?) {
        if let expectedSize { bytes.reserveCapacity(Int(min(expectedSize, 1 << 30))) }
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws(S3Error) {
        bytes.append(contentsOf: chunk)
    }

    func finish() throws(S3Error) -> StoredBody {
        defer { bytes = [] }
        return .memory(bytes)
    }

    func abandon() {
        bytes = []
    }
}

/// Directory mode: a staging file, renamed into the object area on finish.
final class FileSink: BodySink {
    private let stagingPath: String
    private let finalPath: String
    private var fd: Int32

    init(directory: String) throws(S3Error) {
        let name = UUID().uuidString
        stagingPath = directory + "/staging/" + name
        finalPath = directory + "/objects/" + name
        fd = open(stagingPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .internalError }
    }

    deinit {
        if fd >= 0 { abandon() }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(S3Error) {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .internalError }
            offset += written
        }
    }

    func finish() throws(S3Error) -> StoredBody {
        close(fd)
        fd = -1
        guard rename(stagingPath, finalPath) == 0 else {
            unlink(stagingPath)
            throw .internalError
        }
        return .file(finalPath)
    }

    func abandon() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(stagingPath)
    }
}
