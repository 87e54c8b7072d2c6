// SPDX-License-Identifier: Apache-2.0

/// Where a value sits in the scenario file, printed like `architectures[1].mode`.
struct FieldPath: Sendable, Equatable, CustomStringConvertible {
    private(set) var description: String

    static let root = FieldPath(description: "")

    func appending(_ key: String) -> FieldPath {
        FieldPath(description: description.isEmpty ? key : "\(description).\(key)")
    }

    func index(_ position: Int) -> FieldPath {
        FieldPath(description: "\(description)[\(position)]")
    }

    /// The last key, for messages like "part_size must be ...".
    var lastKey: String {
        let tail = description.split(separator: ".").last.map(String.init) ?? description
        return tail.split(separator: "[").first.map(String.init) ?? tail
    }
}
