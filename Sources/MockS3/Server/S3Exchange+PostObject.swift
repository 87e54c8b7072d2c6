// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPCore
import SigV4

extension S3Exchange {
    /// Browser POST uploads: `multipart/form-data` with a signed policy, parsed streamed.
    /// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
    func preparePostObject(_ request: S3Request) throws(S3Error) -> any HTTPRequestHandler {
        let bucket = request.bucket ?? ""
        try store.requireBucket(bucket)
        guard let boundary = MultipartFormParser.boundary(contentType: head.headers["Content-Type"] ?? "") else {
            throw .malformedPOST("The body of your POST request is not well-formed multipart/form-data: no boundary.")
        }
        guard context.framing != .none else { throw .missingContentLength }
        return PostObjectHandler(
            self,
            boundary: boundary,
            preDataLimit: configuration.limits.maximumPostPreData,
            start: { exchange, fields, filename throws(S3Error) in
                try exchange.startPostFile(bucket: bucket, fields: fields, filename: filename)
            },
            commit: { exchange, finished throws(S3Error) in
                try exchange.storePostObject(bucket: bucket, virtualHosted: request.virtualHosted, finished)
            }
        )
    }

    /// Checks the fields before the file: the policy's signature, expiration and
    /// conditions (when signatures are required), the key and the ACL.
    private func startPostFile(
        bucket: String,
        fields: [(name: String, value: String)],
        filename: String?
    ) throws(S3Error) -> (PostObjectHandler.Form, BodySink, BodyDigests) {
        var lengthRange: ClosedRange<Int64> = 0...configuration.limits.maximumObjectSize
        if service.authenticator.requireSignatures {
            let verified = try service.authenticator.authenticatePost(fields: fields, now: now)
            authorization = Authorization(accessKeyID: verified.accessKeyID, payload: .unsigned, presigned: false)
            let conditions = try PostPolicyConditions(policyJSON: verified.policyJSON)
            try conditions.check(fields: fields, bucket: bucket)
            if let range = conditions.lengthRange {
                lengthRange = range.lowerBound...min(range.upperBound, lengthRange.upperBound)
            }
        }
        guard let template = Self.formValue("key", in: fields) else {
            throw .invalidArgument(
                "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
                name: "key", value: ""
            )
        }
        // Browsers send the file's base name; some old ones send a whole path.
        let basename = filename?.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let key = template.replacingOccurrences(of: "${filename}", with: basename)
        guard !key.isEmpty else { throw .invalidArgument("User key must have a length greater than 0.", name: "key", value: "") }
        guard key.utf8.count <= 1024 else { throw .keyTooLong(key.utf8.count) }
        let form = PostObjectHandler.Form(
            key: ObjectKey(key),
            lengthRange: lengthRange,
            fields: fields,
            acl: try CannedACL.parse(Self.formValue("acl", in: fields))
        )
        let expectations = try BodyExpectations(headers: HTTPHeaders(), query: .empty, queryChecksums: false)
        return (form, try store.makeSink(expectedSize: nil), BodyDigests(expectations, md5: configuration.md5))
    }

    /// Stores the verified file and answers as the form asks: a redirect, or status 200, 201 (with XML) or 204.
    private func storePostObject(bucket: String, virtualHosted: Bool, _ finished: PostObjectHandler.Finished) throws(S3Error) {
        let form = finished.form
        let object = uploadedObject(
            form.key, finished.upload,
            contentType: Self.formValue("Content-Type", in: form.fields),
            metadata: Self.storedMetadata(form.fields),
            acl: form.acl
        )
        try store.commit(object, bucket: bucket)
        entry.storedObject = true
        entry.stored = object.size

        // HTTP/1.1 requires Host, so the fallback is for HTTP/1.0 clients only.
        let host = head.headers["Host"] ?? configuration.host
        let path = (virtualHosted ? "/" : "/\(bucket)/") + URIEncoding.encodePath(form.key.string)
        let location = "http://\(host)\(path)"
        if let redirect = Self.formValue("success_action_redirect", in: form.fields), URL(string: redirect)?.scheme != nil {
            let query = [("bucket", bucket), ("key", form.key.string), ("etag", object.etag)]
                .map { "\($0.0)=\(URIEncoding.encodeComponent($0.1))" }
                .joined(separator: "&")
            let target = redirect + (redirect.contains("?") ? "&" : "?") + query
            respond(status: 303, headers: ["Location": target, "ETag": object.etag])
            return
        }
        let headers: HTTPHeaders = ["Location": location, "ETag": object.etag]
        switch Self.formValue("success_action_status", in: form.fields) {
        case "200":
            respond(status: 200, headers: headers)
        case "201":
            var document = XMLWriter()
            document.element("PostResponse") { xml in
                xml.leaf("Location", location)
                xml.leaf("Bucket", bucket)
                xml.leaf("Key", form.key.string)
                xml.leaf("ETag", object.etag)
            }
            respondXML(document, status: 201, headers: headers)
        default:
            // S3's default, also for values other than 200 and 201.
            respond(status: 204, headers: headers)
        }
    }

    /// The first value of the form field `name`, compared without regard to case.
    static func formValue(_ name: String, in fields: [(name: String, value: String)]) -> String? {
        let lowered = name.lowercased()
        return fields.first { $0.name.lowercased() == lowered }?.value
    }
}
