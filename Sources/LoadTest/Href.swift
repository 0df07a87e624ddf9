/// Pieces of the hrefs the API returns, e.g. `/v1/queues/q/messages/ID?claim_id=CID`.
enum Href {
    /// The last path segment (the message id).
    static func lastSegment(_ href: String) -> String {
        let path = href.prefix { $0 != "?" }
        return String(path.split(separator: "/").last ?? "")
    }

    /// The value of query parameter `name`, if present.
    static func query(_ name: String, in href: String) -> String? {
        guard let q = href.firstIndex(of: "?") else { return nil }
        for pair in href[href.index(after: q)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[0] == name { return String(parts[1]) }
        }
        return nil
    }
}
