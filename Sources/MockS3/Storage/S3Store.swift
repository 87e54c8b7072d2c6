// SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

/// Buckets, objects and multipart uploads, shared by every event loop.
///
/// Object bytes are written to a `BodySink` outside the lock; the store only
/// swaps finished bodies in and out, so a request never holds the lock while
/// reading a socket or a disk.
final class S3Store: Sendable {
    private struct State {
        var buckets: [String: S3Bucket] = [:]
    }

    private let state = Mutex(State())
    /// Where object bytes are kept.
    let storage: MockS3Server.Storage

    init(storage: MockS3Server.Storage) throws {
        self.storage = storage
        if case .directory(let path) = storage {
            for sub in ["staging", "objects"] {
                try FileManager.default.createDirectory(atPath: path + "/" + sub, withIntermediateDirectories: true)
            }
        }
    }

    /// A sink for a new upload's bytes in this store's storage mode.
    func makeSink(expectedSize: Int64?) throws(S3Error) -> BodySink {
        switch storage {
        case .discard: DiscardSink()
        case .memory: MemorySink(expectedSize: expectedSize)
        case .directory(let path): try FileSink(directory: path)
        }
    }

    // MARK: Buckets

    /// Creates `name`. An existing bucket is `BucketAlreadyOwnedByYou`, except
    /// in us-east-1 where S3 answers 200 for legacy compatibility.
    func createBucket(_ name: String, acl: CannedACL, now: Date, legacyRegion: Bool) throws(S3Error) {
        try state.withLock { state throws(S3Error) in
            if state.buckets[name] != nil {
                if legacyRegion { return }
                throw .bucketAlreadyOwnedByYou(name)
            }
            state.buckets[name] = S3Bucket(name: name, created: now, acl: acl)
        }
    }

    /// Deletes an empty bucket.
    func deleteBucket(_ name: String) throws(S3Error) {
        try state.withLock { state throws(S3Error) in
            guard let bucket = state.buckets[name] else { throw .noSuchBucket(name) }
            guard bucket.objects.isEmpty, bucket.uploads.isEmpty else { throw .bucketNotEmpty(name) }
            state.buckets[name] = nil
        }
    }

    /// Runs `body` on a bucket, or throws `NoSuchBucket`.
    func withBucket<T>(_ name: String, _ body: (inout S3Bucket) throws(S3Error) -> T) throws(S3Error) -> T {
        try state.withLock { state throws(S3Error) -> T in
            guard state.buckets[name] != nil else { throw .noSuchBucket(name) }
            return try body(&state.buckets[name]!)
        }
    }

    /// Throws `NoSuchBucket` unless `name` exists.
    func requireBucket(_ name: String) throws(S3Error) {
        try withBucket(name) { _ throws(S3Error) in }
    }

    /// All buckets, by name.
    func buckets() -> [(name: String, created: Date, acl: CannedACL)] {
        state.withLock { state in
            state.buckets.values.map { ($0.name, $0.created, $0.acl) }.sorted { $0.name < $1.name }
        }
    }

    // MARK: Objects

    /// Stores `object`, replacing (and freeing) any previous object at its key.
    /// The bucket is checked again here: it may have gone while the body streamed.
    func commit(_ object: S3Object, bucket: String) throws(S3Error) {
        let replaced = try withBucket(bucket) { bucket throws(S3Error) in
            bucket.objects.updateValue(object, forKey: object.key)
        }
        replaced?.body.remove()
    }

    func object(bucket: String, key: ObjectKey) throws(S3Error) -> S3Object {
        try withBucket(bucket) { bucket throws(S3Error) in
            guard let object = bucket.objects[key] else { throw .noSuchKey(key.string) }
            return object
        }
    }

    /// Removes an object; returns whether one was there (S3 answers 204 either way).
    @discardableResult
    func deleteObject(bucket: String, key: ObjectKey) throws(S3Error) -> Bool {
        let removed = try withBucket(bucket) { bucket throws(S3Error) in bucket.objects.removeValue(forKey: key) }
        removed?.body.remove()
        return removed != nil
    }

    /// The bucket's objects sorted by key.
    func sortedObjects(bucket: String) throws(S3Error) -> [S3Object] {
        try withBucket(bucket) { bucket throws(S3Error) in bucket.objects.values.sorted { $0.key < $1.key } }
    }

    // MARK: Multipart uploads

    func createUpload(_ upload: MultipartUpload, bucket: String) throws(S3Error) {
        try withBucket(bucket) { bucket throws(S3Error) in bucket.uploads[upload.id] = upload }
    }

    /// The upload `id`, if it exists for exactly this bucket and key.
    func upload(bucket: String, key: ObjectKey, id: String) throws(S3Error) -> MultipartUpload {
        try withBucket(bucket) { bucket throws(S3Error) in
            guard let upload = bucket.uploads[id], upload.key == key else { throw .noSuchUpload(id) }
            return upload
        }
    }

    /// Records a part; a part with the same number is replaced. If the upload
    /// ended while the part streamed, the part is freed and NoSuchUpload thrown.
    func commitPart(_ part: StoredPart, bucket: String, key: ObjectKey, uploadID: String) throws(S3Error) {
        let replaced: StoredPart?
        do {
            replaced = try withBucket(bucket) { bucket throws(S3Error) in
                guard bucket.uploads[uploadID]?.key == key else { throw .noSuchUpload(uploadID) }
                return bucket.uploads[uploadID]!.parts.updateValue(part, forKey: part.number)
            }
        } catch {
            part.body.remove()
            throw error
        }
        replaced?.body.remove()
    }

    /// Removes the upload and frees its parts.
    func abortUpload(bucket: String, key: ObjectKey, id: String) throws(S3Error) {
        let removed = try withBucket(bucket) { bucket throws(S3Error) in
            guard bucket.uploads[id]?.key == key else { throw .noSuchUpload(id) }
            return bucket.uploads.removeValue(forKey: id)
        }
        removed?.discardParts()
    }

    /// Turns an upload into an object, checking the client's part list.
    /// - Parameter minimumPartSize: the smallest size allowed for every part but the last.
    func completeUpload(
        bucket: String,
        key: ObjectKey,
        id: String,
        parts requested: [CompleteMultipartUploadBody.Part],
        minimumPartSize: Int64,
        now: Date
    ) throws(S3Error) -> S3Object {
        let (object, unused, replaced) = try withBucket(bucket) { bucket throws(S3Error) in
            guard let upload = bucket.uploads[id], upload.key == key else { throw .noSuchUpload(id) }
            let chosen = try MultipartAssembly.choose(requested, from: upload, minimumPartSize: minimumPartSize)
            let object = MultipartAssembly.object(from: chosen, upload: upload, now: now)
            let chosenNumbers = Set(chosen.map(\.number))
            let unused = upload.parts.values.filter { !chosenNumbers.contains($0.number) }
            bucket.uploads[id] = nil
            let replaced = bucket.objects.updateValue(object, forKey: key)
            return (object, unused, replaced)
        }
        unused.forEach { $0.body.remove() }
        replaced?.body.remove()
        return object
    }

    // MARK: Inspection

    /// Every object of every bucket, sorted by bucket then key.
    func allObjects() -> [(bucket: String, object: S3Object)] {
        state.withLock { state in
            state.buckets.keys.sorted().flatMap { name in
                state.buckets[name]!.objects.values.sorted { $0.key < $1.key }.map { (name, $0) }
            }
        }
    }

    /// Open multipart uploads across all buckets.
    func openUploadCount() -> Int {
        state.withLock { state in state.buckets.values.reduce(0) { $0 + $1.uploads.count } }
    }

    /// Frees every stored body (directory files); used at shutdown of a temporary store.
    func removeAll() {
        let buckets = state.withLock { state in
            defer { state.buckets = [:] }
            return state.buckets
        }
        for bucket in buckets.values {
            bucket.objects.values.forEach { $0.body.remove() }
            bucket.uploads.values.forEach { $0.discardParts() }
        }
    }
}
