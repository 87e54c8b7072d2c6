// SPDX-License-Identifier: Apache-2.0

extension ScenarioReader {
    private enum ArchitectureName: String, CaseIterable {
        case proxy
        case presigned
    }

    private static let proxyFields = ["architecture", "variant", "mode", "payload_signing", "part_size", "part_concurrency"]
    private static let presignedFields = ["architecture", "variant", "flow", "part_urls", "confirm", "part_size",
                                          "part_concurrency"]

    func architectures(_ value: JSONValue, at path: FieldPath) -> [Architecture]? {
        guard case .array(let elements) = value.kind, !elements.isEmpty else {
            mismatch(value, at: path, expected: "a non-empty list of architectures, like [{\"architecture\": \"proxy\"}, "
                     + "{\"architecture\": \"presigned\"}]")
            return nil
        }
        var architectures: [Architecture] = []
        for (index, element) in elements.enumerated() {
            let elementPath = path.index(index)
            guard let architecture = self.architecture(element, at: elementPath) else {
                continue
            }
            if architectures.contains(where: { $0.label == architecture.label }) {
                report(elementPath, line: element.line, "\(architecture.label) is listed twice; "
                       + "give one of them a different \"variant\" name if both are wanted")
            }
            architectures.append(architecture)
        }
        return architectures.count == elements.count ? architectures : nil
    }

    private func architecture(_ value: JSONValue, at path: FieldPath) -> Architecture? {
        guard let kind = discriminator(value, at: path, key: "architecture", as: ArchitectureName.self) else {
            return nil
        }
        switch kind {
        case .proxy:
            return object(value, at: path, fields: Self.proxyFields).flatMap(proxy).map(Architecture.proxy)
        case .presigned:
            return object(value, at: path, fields: Self.presignedFields).flatMap(presigned).map(Architecture.presigned)
        }
    }

    private func proxy(_ fields: ObjectFields) -> ProxyArchitecture? {
        let before = problems.count
        let mode = fields.get("mode") { self.choice($0, at: $1, as: ProxyArchitecture.Mode.self) } ?? .stream
        let signing = fields.get("payload_signing") {
            self.choice($0, at: $1, as: ProxyArchitecture.PayloadSigning.self)
        } ?? .unsigned
        // Multipart holds each part before sending it, so a part's hash is known in time.
        if signing == .signed, mode == .stream {
            fields.refuse("payload_signing", because: "found \"signed\" with mode stream; a signed payload hash "
                          + "needs the whole body before sending: expected mode buffer, spool or multipart, "
                          + "or unsigned/streaming")
        }
        let multipart = multipartSettings(fields, enabled: mode == .multipart, what: "mode multipart")
        let variant = fields.get("variant") { self.name($0, at: $1) }
        guard problems.count == before else {
            return nil
        }
        return ProxyArchitecture(mode: mode, payloadSigning: signing, multipart: multipart, variant: variant)
    }

    private func presigned(_ fields: ObjectFields) -> PresignedArchitecture? {
        let before = problems.count
        let flow = fields.get("flow") { self.choice($0, at: $1, as: PresignedArchitecture.Flow.self) } ?? .put
        let isMultipart = flow == .multipart
        let partURLs = fields.get("part_urls") { self.choice($0, at: $1, as: PresignedArchitecture.PartURLs.self) }
        if !isMultipart {
            fields.refuse("part_urls", because: "only used with flow multipart")
        }
        let confirm = fields.get("confirm", bool) ?? true
        if isMultipart, !confirm {
            fields.refuse("confirm", because: "found false; the multipart flow always completes through the app server")
        }
        let multipart = multipartSettings(fields, enabled: isMultipart, what: "flow multipart")
        let variant = fields.get("variant") { self.name($0, at: $1) }
        guard problems.count == before else {
            return nil
        }
        return PresignedArchitecture(flow: flow, partURLs: partURLs, multipart: multipart, confirm: confirm, variant: variant)
    }

    private func multipartSettings(_ fields: ObjectFields, enabled: Bool, what: String) -> MultipartSettings? {
        guard enabled else {
            fields.refuse("part_size", because: "only used with \(what)")
            fields.refuse("part_concurrency", because: "only used with \(what)")
            return nil
        }
        let partSize = fields.get("part_size") {
            self.size($0, at: $1, in: Limits.minimumPart...Limits.singlePut, why: " (S3's part size limits)")
        } ?? MultipartSettings.standard.partSize
        let concurrency = fields.get("part_concurrency") { self.integer($0, at: $1, in: 1...64) }
            .map(Int.init) ?? MultipartSettings.standard.partConcurrency
        return MultipartSettings(partSize: partSize, partConcurrency: concurrency)
    }

    /// Reads the field that says which kind of object this is, before its other fields.
    func discriminator<Choice: RawRepresentable & CaseIterable>(
        _ value: JSONValue, at path: FieldPath, key: String, as type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue).joined(separator: ", ")
        guard case .object(let members) = value.kind else {
            mismatch(value, at: path, expected: "an object with \"\(key)\": one of \(names)")
            return nil
        }
        guard let member = members.first(where: { $0.key == key }) else {
            report(path.appending(key), line: value.line, "missing; expected one of \(names)")
            return nil
        }
        return choice(member.value, at: path.appending(key), as: type)
    }
}
