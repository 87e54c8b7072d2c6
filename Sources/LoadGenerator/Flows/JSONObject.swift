// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A parsed JSON object from the app server, with typed member access.
///
/// App server answers are small and come once per hop, so Foundation's
/// `JSONSerialization` is cheap enough here.
struct JSONObject {
    private let members: [String: Any]

    init?(parsing bytes: [UInt8]) {
        guard let members = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            return nil
        }
        self.members = members
    }

    private init(members: [String: Any]) {
        self.members = members
    }

    func string(_ name: String) -> String? {
        members[name] as? String
    }

    func int(_ name: String) -> Int? {
        (members[name] as? NSNumber)?.intValue
    }

    func object(_ name: String) -> JSONObject? {
        (members[name] as? [String: Any]).map(JSONObject.init(members:))
    }

    func objects(_ name: String) -> [JSONObject]? {
        (members[name] as? [Any])?.compactMap { ($0 as? [String: Any]).map(JSONObject.init(members:)) }
    }

    /// String members of a `{name: value}` object, sorted by name (header and form field maps).
    func stringPairs(_ name: String) -> [(String, String)]? {
        guard let map = members[name] as? [String: Any] else { return nil }
        return map.compactMap { key, value in (value as? String).map { (key, $0) } }.sorted { $0.0 < $1.0 }
    }

    /// Serialises a request body; keys are sorted so bodies are reproducible.
    static func encode(_ members: [String: Any]) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: members, options: [.sortedKeys])) ?? Data("{}".utf8)
        return [UInt8](data)
    }
}
