// SPDX-License-Identifier: Apache-2.0

import Foundation
import FoundationXML

/// A parsed XML element: its local name, text and children. Request bodies
/// S3 accepts are small (at most a few MiB), so a tree is simplest.
struct XMLElementNode {
    var name: String
    var text = ""
    var children: [XMLElementNode] = []

    /// The children called `name`.
    func all(_ name: String) -> [XMLElementNode] {
        children.filter { $0.name == name }
    }

    /// The text of the first child called `name`.
    func text(of name: String) -> String? {
        children.first { $0.name == name }?.text
    }

    /// Parses `bytes`; nil when the document is not well-formed.
    static func parse(_ bytes: [UInt8]) -> XMLElementNode? {
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = true
        let builder = TreeBuilder()
        parser.delegate = builder
        guard parser.parse(), !builder.failed, let root = builder.root else { return nil }
        return root
    }
}

/// The SAX delegate that assembles `XMLElementNode`s.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [XMLElementNode] = []
    var root: XMLElementNode?
    var failed = false

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        // Deeper nesting than any S3 body has is refused rather than recursed into.
        guard stack.count < 16 else {
            failed = true
            parser.abortParsing()
            return
        }
        stack.append(XMLElementNode(name: elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?
    ) {
        guard let node = stack.popLast() else { return }
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        failed = true
    }
}

/// The part list of a CompleteMultipartUpload body.
struct CompleteMultipartUploadBody {
    struct Part {
        var number: Int
        var etag: String
    }

    var parts: [Part]

    /// Reads `<CompleteMultipartUpload><Part><PartNumber/><ETag/></Part>...`.
    /// - Throws: `MalformedXML` for anything else, including an empty list.
    init(_ bytes: [UInt8]) throws(S3Error) {
        guard let root = XMLElementNode.parse(bytes), root.name == "CompleteMultipartUpload" else {
            throw .malformedXML
        }
        var parts: [Part] = []
        for node in root.all("Part") {
            guard let numberText = node.text(of: "PartNumber"),
                  let number = Int(numberText.trimmingCharacters(in: .whitespacesAndNewlines)),
                  let etag = node.text(of: "ETag")
            else { throw .malformedXML }
            parts.append(Part(number: number, etag: etag.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        guard !parts.isEmpty else { throw .malformedXML }
        self.parts = parts
    }
}

/// The object list of a DeleteObjects (`POST /?delete`) body.
struct DeleteObjectsBody {
    struct Entry {
        var key: String
        var versionID: String?
    }

    var quiet: Bool
    var entries: [Entry]

    /// The most keys one request may name.
    static let maximumKeys = 1000

    init(_ bytes: [UInt8]) throws(S3Error) {
        guard let root = XMLElementNode.parse(bytes), root.name == "Delete" else { throw .malformedXML }
        quiet = root.text(of: "Quiet")?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == "true"
        var entries: [Entry] = []
        for node in root.all("Object") {
            guard let key = node.text(of: "Key") else { throw .malformedXML }
            entries.append(Entry(key: key, versionID: node.text(of: "VersionId")))
        }
        guard !entries.isEmpty, entries.count <= Self.maximumKeys else { throw .malformedXML }
        self.entries = entries
    }
}

/// The optional `CreateBucketConfiguration` body of CreateBucket.
struct CreateBucketBody {
    var locationConstraint: String

    init(_ bytes: [UInt8]) throws(S3Error) {
        let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard !trimmed.isEmpty else {
            locationConstraint = ""
            return
        }
        guard let root = XMLElementNode.parse(bytes), root.name == "CreateBucketConfiguration" else {
            throw .malformedXML
        }
        locationConstraint = root.text(of: "LocationConstraint")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }
}
