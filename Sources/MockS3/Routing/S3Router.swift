// SPDX-License-Identifier: Apache-2.0

import SigV4

/// Maps a request head to an `S3Request`.
///
/// Addressing follows S3: when the Host header (port removed) is
/// `BUCKET.DOMAIN` for a configured domain, the bucket comes from the host
/// and the whole path is the key; otherwise (a bare domain, `localhost`, an IP
/// address, any other name) the first path segment is the bucket.
/// https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
struct S3Router {
    /// Domains under which `BUCKET.DOMAIN` hosts are virtual-hosted, lowercase.
    let domains: [String]

    init(domains: [String]) {
        self.domains = domains.map { $0.lowercased() }
    }

    /// Subresources the mock recognises but does not serve: NotImplemented, not a wrong operation.
    private static let unsupportedSubresources: Set<String> = [
        "accelerate", "analytics", "attributes", "cors", "encryption", "intelligent-tiering", "inventory",
        "legal-hold", "lifecycle", "logging", "metrics", "notification", "object-lock", "ownershipControls",
        "policy", "policyStatus", "publicAccessBlock", "replication", "requestPayment", "restore",
        "retention", "select", "tagging", "torrent", "website",
    ]

    /// Resolves `method` and `target` (the raw request-target) against `host`.
    /// - Throws: `InvalidURI`, `KeyTooLongError`, `MethodNotAllowed` or `NotImplemented`.
    func route(method: String, target: String, host: String?, contentType: String?) throws(S3Error) -> S3Request {
        // A byte search: `?` is ASCII, and a Character search walks grapheme clusters.
        let questionMark = target.utf8.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = questionMark.map { target[..<$0] } ?? target[...]
        let query = try S3Query(questionMark.map { target[target.utf8.index(after: $0)...] })
        guard rawPath.utf8.first == UInt8(ascii: "/") else { throw .invalidURI }

        var bucket: String?
        var keyPath = rawPath[rawPath.utf8.index(after: rawPath.startIndex)...]
        let hostBucket = host.flatMap(bucket(fromHost:))
        if let hostBucket {
            bucket = hostBucket
        } else if !keyPath.isEmpty {
            let slash = keyPath.utf8.firstIndex(of: UInt8(ascii: "/")) ?? keyPath.endIndex
            guard let name = URIEncoding.decode(keyPath[..<slash], plusAsSpace: false),
                  let text = UTF8Text.string(name)
            else { throw .invalidURI }
            bucket = text
            keyPath = slash == keyPath.endIndex ? "" : keyPath[keyPath.utf8.index(after: slash)...]
        }

        var key: ObjectKey?
        if bucket != nil, !keyPath.isEmpty {
            guard let bytes = URIEncoding.decode(keyPath, plusAsSpace: false),
                  let decoded = ObjectKey(bytes: bytes)
            else { throw .invalidURI }
            guard bytes.count <= 1024 else { throw .keyTooLong(bytes.count) }
            key = decoded
        }

        let operation = try Self.operation(
            method: method,
            hasBucket: bucket != nil,
            hasKey: key != nil,
            query: query,
            contentType: contentType
        )
        return S3Request(operation: operation, bucket: bucket, key: key, query: query, virtualHosted: hostBucket != nil)
    }

    /// The bucket named by a virtual-hosted `host`, or nil for path-style hosts.
    func bucket(fromHost host: String) -> String? {
        // The usual loopback `127.0.0.1:port` is settled on bytes, before any lowercasing.
        if Self.isIPv4Literal(host) { return nil }
        var name = Substring(host.lowercased())
        if name.hasPrefix("[") { return nil }  // an IPv6 literal
        if let colon = name.lastIndex(of: ":") { name = name[..<colon] }
        if name.hasSuffix(".") { name = name.dropLast() }
        if name.split(separator: ".").allSatisfy({ UInt8($0) != nil }) { return nil }  // an IPv4 literal
        for domain in domains where name.count > domain.count + 1 && name.hasSuffix("." + domain) {
            return String(name.dropLast(domain.count + 1))
        }
        return nil
    }

    /// Whether `host` (an optional `:port` aside) is dot-separated numbers of at most 255,
    /// the same test as below, decided without allocating for plain digits and dots.
    /// Reads contiguous bytes: walking `String.UTF8View` indices cost more than the test itself.
    private static func isIPv4Literal(_ host: String) -> Bool {
        var host = host
        return host.withUTF8 { bytes in
            var end = bytes.lastIndex(of: UInt8(ascii: ":")) ?? bytes.count
            if end > 0 && bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
            return isDottedNumbers(UnsafeBufferPointer(rebasing: bytes[..<end]))
        }
    }

    private static func isDottedNumbers(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        var value = 0
        var digits = 0
        for byte in name {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = min(value * 10 + Int(byte - UInt8(ascii: "0")), 256)
                digits += 1
            case UInt8(ascii: "."):
                if digits > 0 && value > 255 { return false }
                value = 0
                digits = 0
            default:
                return false
            }
        }
        return !(digits > 0 && value > 255)
    }

    private static func operation(
        method: String,
        hasBucket: Bool,
        hasKey: Bool,
        query: S3Query,
        contentType: String?
    ) throws(S3Error) -> S3Operation {
        if method == "OPTIONS" && hasBucket { return .preflight }
        if let unsupported = query.pairs.first(where: { unsupportedSubresources.contains($0.name) }) {
            throw .notImplemented("A header or query you provided implies functionality that is not implemented: ?\(unsupported.name)")
        }
        guard hasBucket else {
            guard method == "GET" else { throw .methodNotAllowed(method, resource: "SERVICE", allowed: ["GET"]) }
            return .listBuckets
        }
        return hasKey
            ? try objectOperation(method: method, query: query)
            : try bucketOperation(method: method, query: query, contentType: contentType)
    }

    private static func bucketOperation(method: String, query: S3Query, contentType: String?) throws(S3Error) -> S3Operation {
        switch method {
        case "PUT": return query.has("acl") ? .putBucketAcl : .createBucket
        case "HEAD": return .headBucket
        case "DELETE": return .deleteBucket
        case "GET":
            if query.has("location") { return .getBucketLocation }
            if query.has("versioning") { return .getBucketVersioning }
            if query.has("acl") { return .getBucketAcl }
            if query.has("uploads") { return .listMultipartUploads }
            if query.has("versions") { return .listObjectVersions }
            if query["list-type"] == "2" { return .listObjectsV2 }
            return .listObjects
        case "POST":
            if query.has("delete") { return .deleteObjects }
            if contentType?.lowercased().hasPrefix("multipart/form-data") == true { return .postObject }
            throw .methodNotAllowed(method, resource: "BUCKET", allowed: ["GET", "PUT", "HEAD", "DELETE"])
        default:
            throw .methodNotAllowed(method, resource: "BUCKET", allowed: ["GET", "PUT", "POST", "HEAD", "DELETE"])
        }
    }

    private static func objectOperation(method: String, query: S3Query) throws(S3Error) -> S3Operation {
        switch method {
        case "PUT":
            if query.has("acl") { return .putObjectAcl }
            if query.has("partNumber") || query.has("uploadId") { return .uploadPart }
            return .putObject
        case "GET":
            if query.has("acl") { return .getObjectAcl }
            if query.has("uploadId") { return .listParts }
            return .getObject
        case "HEAD": return .headObject
        case "DELETE": return query.has("uploadId") ? .abortMultipartUpload : .deleteObject
        case "POST":
            if query.has("uploads") { return .createMultipartUpload }
            if query.has("uploadId") { return .completeMultipartUpload }
            throw .methodNotAllowed(method, resource: "OBJECT", allowed: ["GET", "PUT", "HEAD", "DELETE"])
        default:
            throw .methodNotAllowed(method, resource: "OBJECT", allowed: ["GET", "PUT", "POST", "HEAD", "DELETE"])
        }
    }
}
