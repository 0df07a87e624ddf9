/// The API version a run drives, chosen once by `--api`. Only the parts that differ on the wire
/// live here: the path prefix, the POST envelope and the claim reply's envelope. Paths below the
/// prefix, the headers (both versions get Client-ID and X-Project-Id), hrefs, list pages and stats
/// are read the same way; an empty list page (v1 204, v2 200 with no messages) counts as nothing.
public enum APIDialect: String, Sendable, Codable, CaseIterable {
    case v1
    case v2

    /// The last segment of the API prefix, e.g. `/v2`.
    var pathSegment: String { "/" + rawValue }

    /// The POST body around `messages`, a JSON array text: v1 posts the bare array, v2 an object.
    func postBody(messages: String) -> String {
        switch self {
        case .v1: messages
        case .v2: #"{"messages":"# + messages + "}"
        }
    }

    /// The message objects of a parsed claim reply: v1 answers a bare array, v2 an object.
    func claimedMessages(_ reply: Any?) -> [[String: Any]]? {
        switch self {
        case .v1: reply as? [[String: Any]]
        case .v2: (reply as? [String: Any])?["messages"] as? [[String: Any]]
        }
    }
}
