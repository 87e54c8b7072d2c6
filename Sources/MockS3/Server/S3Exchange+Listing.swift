// SPDX-License-Identifier: Apache-2.0

import Digest
import SigV4

/// The parameters every listing shares.
private struct ListParameters {
    var prefix: ObjectKey
    var delimiter: String?
    var maxKeys: Int
    /// Whether keys are written percent-encoded (`encoding-type=url`).
    var urlEncoded: Bool

    init(_ query: S3Query, maxKeysName: String = "max-keys") throws(S3Error) {
        prefix = ObjectKey(query["prefix"] ?? "")
        delimiter = query["delimiter"]
        maxKeys = 1000
        if let text = query[maxKeysName] {
            guard let value = Int(text), value >= 0 else {
                throw .invalidArgument("Provided \(maxKeysName) not an integer or within integer range", name: maxKeysName, value: text)
            }
            maxKeys = min(value, 1000)
        }
        urlEncoded = false
        if let encoding = query["encoding-type"] {
            guard encoding == "url" else {
                throw .invalidArgument("Invalid Encoding Method specified in Request", name: "encoding-type", value: encoding)
            }
            urlEncoded = true
        }
    }

    func text(_ key: ObjectKey) -> String {
        urlEncoded ? URIEncoding.encodePath(key.string) : key.string
    }

    func text(_ value: String?) -> String? {
        value.map { urlEncoded ? URIEncoding.encodePath($0) : $0 }
    }

    /// The elements every listing repeats before its entries.
    func writeHeader(_ xml: inout XMLWriter, bucket: String) {
        xml.leaf("Name", bucket)
        xml.leaf("Prefix", text(prefix))
        xml.leaf("Delimiter", ifPresent: text(delimiter))
        xml.leaf("MaxKeys", String(maxKeys))
        if urlEncoded { xml.leaf("EncodingType", "url") }
    }

    func writePrefixes(_ xml: inout XMLWriter, _ prefixes: [ObjectKey]) {
        for prefix in prefixes {
            xml.element("CommonPrefixes") { $0.leaf("Prefix", text(prefix)) }
        }
    }
}

extension S3Exchange {
    /// ListObjects (v1), ListObjectsV2 and ListObjectVersions over the same sorted keys.
    func listObjects(_ bucket: String, request: S3Request) throws(S3Error) {
        let parameters = try ListParameters(request.query)
        let objects = try store.sortedObjects(bucket: bucket)
        var document = XMLWriter()
        switch request.operation {
        case .listObjectsV2: try listV2(objects, parameters: parameters, query: request.query, bucket: bucket, into: &document)
        case .listObjectVersions: listVersions(objects, parameters: parameters, query: request.query, bucket: bucket, into: &document)
        default: listV1(objects, parameters: parameters, query: request.query, bucket: bucket, into: &document)
        }
        respondXML(document)
    }

    private func listV1(_ objects: [S3Object], parameters: ListParameters, query: S3Query, bucket: String, into document: inout XMLWriter) {
        let marker = query["marker"]
        let page = ListPager.page(
            objects, key: \.key, prefix: parameters.prefix, delimiter: parameters.delimiter,
            marker: marker.map(ObjectKey.init), maxKeys: parameters.maxKeys
        )
        document.element("ListBucketResult", namespaced: true) { xml in
            parameters.writeHeader(&xml, bucket: bucket)
            xml.leaf("Marker", parameters.text(marker) ?? "")
            if page.isTruncated, let last = page.lastKey { xml.leaf("NextMarker", parameters.text(last)) }
            xml.leaf("IsTruncated", String(page.isTruncated))
            for object in page.items { writeContents(&xml, object, parameters: parameters, owner: true) }
            parameters.writePrefixes(&xml, page.commonPrefixes)
        }
    }

    private func listV2(_ objects: [S3Object], parameters: ListParameters, query: S3Query, bucket: String, into document: inout XMLWriter) throws(S3Error) {
        let token = query["continuation-token"]
        var marker = query["start-after"].map(ObjectKey.init)
        if let token {
            guard let bytes = Encoding.bytes(fromBase64: token), let key = ObjectKey(bytes: bytes) else {
                throw .invalidArgument("The continuation token provided is incorrect", name: "continuation-token", value: token)
            }
            marker = key
        }
        let page = ListPager.page(
            objects, key: \.key, prefix: parameters.prefix, delimiter: parameters.delimiter,
            marker: marker, maxKeys: parameters.maxKeys
        )
        let fetchOwner = query["fetch-owner"] == "true"
        document.element("ListBucketResult", namespaced: true) { xml in
            parameters.writeHeader(&xml, bucket: bucket)
            xml.leaf("KeyCount", String(page.items.count + page.commonPrefixes.count))
            xml.leaf("IsTruncated", String(page.isTruncated))
            xml.leaf("ContinuationToken", ifPresent: token)
            if page.isTruncated, let last = page.lastKey {
                xml.leaf("NextContinuationToken", Encoding.base64(last.bytes))
            }
            xml.leaf("StartAfter", ifPresent: parameters.text(query["start-after"]))
            for object in page.items { writeContents(&xml, object, parameters: parameters, owner: fetchOwner) }
            parameters.writePrefixes(&xml, page.commonPrefixes)
        }
    }

    /// Buckets are never versioned, so each object is one version with id `null`.
    private func listVersions(_ objects: [S3Object], parameters: ListParameters, query: S3Query, bucket: String, into document: inout XMLWriter) {
        let keyMarker = query["key-marker"]
        let page = ListPager.page(
            objects, key: \.key, prefix: parameters.prefix, delimiter: parameters.delimiter,
            marker: keyMarker.flatMap { $0.isEmpty ? nil : ObjectKey($0) }, maxKeys: parameters.maxKeys
        )
        document.element("ListVersionsResult", namespaced: true) { xml in
            parameters.writeHeader(&xml, bucket: bucket)
            xml.leaf("KeyMarker", parameters.text(keyMarker) ?? "")
            xml.leaf("VersionIdMarker", query["version-id-marker"] ?? "")
            if page.isTruncated, let last = page.lastKey {
                xml.leaf("NextKeyMarker", parameters.text(last))
                xml.leaf("NextVersionIdMarker", "null")
            }
            xml.leaf("IsTruncated", String(page.isTruncated))
            for object in page.items {
                xml.element("Version") { version in
                    version.leaf("Key", parameters.text(object.key))
                    version.leaf("VersionId", "null")
                    version.leaf("IsLatest", "true")
                    version.leaf("LastModified", S3Dates.iso8601(object.lastModified))
                    version.leaf("ETag", object.etag)
                    version.leaf("Size", String(object.size))
                    version.leaf("StorageClass", "STANDARD")
                    version.owner()
                }
            }
            parameters.writePrefixes(&xml, page.commonPrefixes)
        }
    }

    private func writeContents(_ xml: inout XMLWriter, _ object: S3Object, parameters: ListParameters, owner: Bool) {
        xml.element("Contents") { entry in
            entry.leaf("Key", parameters.text(object.key))
            entry.leaf("LastModified", S3Dates.iso8601(object.lastModified))
            entry.leaf("ETag", object.etag)
            for algorithm in object.checksums.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                entry.leaf("ChecksumAlgorithm", algorithm.rawValue)
            }
            entry.leaf("Size", String(object.size))
            if owner { entry.owner() }
            entry.leaf("StorageClass", "STANDARD")
        }
    }

    func listMultipartUploads(_ bucket: String, query: S3Query) throws(S3Error) {
        let parameters = try ListParameters(query, maxKeysName: "max-uploads")
        let uploads = try store.withBucket(bucket) { stored throws(S3Error) in
            stored.uploads.values.sorted { $0.key == $1.key ? $0.initiated < $1.initiated : $0.key < $1.key }
        }
        let keyMarker = query["key-marker"].flatMap { $0.isEmpty ? nil : ObjectKey($0) }
        let idMarker = query["upload-id-marker"]
        // With an upload-id marker, the marker key's uploads after that id still follow.
        var pastIDs: Set<String> = []
        if let keyMarker, let idMarker {
            let sameKey = uploads.filter { $0.key == keyMarker }
            if let index = sameKey.firstIndex(where: { $0.id == idMarker }) {
                pastIDs = Set(sameKey[(index + 1)...].map(\.id))
            }
        }
        let page = ListPager.page(
            uploads, key: \.key, prefix: parameters.prefix, delimiter: parameters.delimiter,
            marker: keyMarker, isPastMarker: { pastIDs.contains($0.id) }, maxKeys: parameters.maxKeys
        )
        var document = XMLWriter()
        document.element("ListMultipartUploadsResult", namespaced: true) { xml in
            xml.leaf("Bucket", bucket)
            xml.leaf("KeyMarker", keyMarker.map(parameters.text) ?? "")
            xml.leaf("UploadIdMarker", idMarker ?? "")
            if page.isTruncated {
                xml.leaf("NextKeyMarker", page.lastKey.map(parameters.text) ?? "")
                xml.leaf("NextUploadIdMarker", page.lastItem?.id ?? "")
            }
            xml.leaf("Prefix", parameters.text(parameters.prefix))
            xml.leaf("Delimiter", ifPresent: parameters.text(parameters.delimiter))
            xml.leaf("MaxUploads", String(parameters.maxKeys))
            if parameters.urlEncoded { xml.leaf("EncodingType", "url") }
            xml.leaf("IsTruncated", String(page.isTruncated))
            for upload in page.items {
                xml.element("Upload") { entry in
                    entry.leaf("Key", parameters.text(upload.key))
                    entry.leaf("UploadId", upload.id)
                    entry.element("Initiator") { initiator in
                        initiator.leaf("ID", XMLWriter.ownerID)
                        initiator.leaf("DisplayName", "mock-s3")
                    }
                    entry.owner()
                    entry.leaf("StorageClass", "STANDARD")
                    entry.leaf("Initiated", S3Dates.iso8601(upload.initiated))
                }
            }
            parameters.writePrefixes(&xml, page.commonPrefixes)
        }
        respondXML(document)
    }

    func listParts(_ bucket: String, key: ObjectKey, query: S3Query) throws(S3Error) {
        let upload = try store.upload(bucket: bucket, key: key, id: uploadID(query))
        var maxParts = 1000
        if let text = query["max-parts"] {
            guard let value = Int(text), value >= 0 else {
                throw .invalidArgument("Provided max-parts not an integer or within integer range", name: "max-parts", value: text)
            }
            maxParts = min(value, 1000)
        }
        let marker = Int(query["part-number-marker"] ?? "0") ?? 0
        let remaining = upload.parts.values.filter { $0.number > marker }.sorted { $0.number < $1.number }
        let page = remaining.prefix(maxParts)
        var document = XMLWriter()
        document.element("ListPartsResult", namespaced: true) { xml in
            xml.leaf("Bucket", bucket)
            xml.leaf("Key", key.string)
            xml.leaf("UploadId", upload.id)
            xml.leaf("PartNumberMarker", String(marker))
            if let last = page.last { xml.leaf("NextPartNumberMarker", String(last.number)) }
            xml.leaf("MaxParts", String(maxParts))
            xml.leaf("IsTruncated", String(remaining.count > page.count))
            for part in page {
                xml.element("Part") { entry in
                    entry.leaf("PartNumber", String(part.number))
                    entry.leaf("LastModified", S3Dates.iso8601(part.lastModified))
                    entry.leaf("ETag", part.etag)
                    if let (algorithm, value) = part.checksum { entry.leaf(algorithm.elementName, value) }
                    entry.leaf("Size", String(part.size))
                }
            }
            xml.element("Initiator") { initiator in
                initiator.leaf("ID", XMLWriter.ownerID)
                initiator.leaf("DisplayName", "mock-s3")
            }
            xml.owner()
            xml.leaf("StorageClass", "STANDARD")
        }
        respondXML(document)
    }
}
