// SPDX-License-Identifier: Apache-2.0

/// One page of a listing: the items, the common prefixes rolled up by the
/// delimiter, and whether more follow.
struct ListPage<Item> {
    var items: [Item] = []
    var commonPrefixes: [ObjectKey] = []
    var isTruncated = false
    /// The last entry returned (an item's key or a common prefix), for the next marker.
    var lastKey: ObjectKey?
    var lastItem: Item?
}

/// The listing rules shared by ListObjects, ListObjectsV2, ListObjectVersions
/// and ListMultipartUploads: prefix filter, delimiter roll-up (each common
/// prefix counts as one entry), a marker to continue after, and a page size.
enum ListPager {
    /// - Parameters:
    ///   - items: sorted by key (bytewise), ties in listing order.
    ///   - marker: the last key already returned. A marker that is a common
    ///     prefix skips every key under it.
    ///   - isPastMarker: whether an item whose key equals `marker` still comes after it
    ///     (version and upload-id markers).
    static func page<Item>(
        _ items: [Item],
        key: (Item) -> ObjectKey,
        prefix: ObjectKey,
        delimiter: String?,
        marker: ObjectKey?,
        isPastMarker: (Item) -> Bool = { _ in false },
        maxKeys: Int
    ) -> ListPage<Item> {
        var page = ListPage<Item>()
        let delimiterBytes = delimiter.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        var count = 0
        for item in items {
            let itemKey = key(item)
            guard itemKey.hasPrefix(prefix) else { continue }
            if let marker {
                if itemKey < marker || (itemKey == marker && !isPastMarker(item)) { continue }
            }
            var group: ObjectKey?
            if let delimiterBytes, let range = itemKey.bytes[prefix.bytes.count...].firstRange(of: delimiterBytes) {
                group = ObjectKey(bytes: Array(itemKey.bytes[..<range.upperBound]))
            }
            if let group {
                if group == page.commonPrefixes.last || group == marker { continue }
            }
            guard count < maxKeys else {
                page.isTruncated = true
                break
            }
            count += 1
            if let group {
                page.commonPrefixes.append(group)
                page.lastKey = group
                page.lastItem = nil
            } else {
                page.items.append(item)
                page.lastKey = itemKey
                page.lastItem = item
            }
        }
        return page
    }
}
