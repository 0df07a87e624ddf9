import NIOCore

/// Message bodies of a chosen size that carry a tag naming their producer and sequence number,
/// so a delivered message can be traced back to its POST even without its id.
enum MessagePayload {
    /// The tag of message `sequence` of producer `worker`.
    static func tag(worker: Int, sequence: Int) -> String { "p\(worker)-\(sequence)" }

    /// A JSON body of about `bytes` bytes carrying `tag`: a string `"tag xxx…"` or an object
    /// `{"tag":"…","pad":"xxx…"}` (never shorter than the tag needs).
    static func body(tag: String, bytes: Int, asObject: Bool) -> String {
        if asObject {
            let frame = #"{"tag":"","pad":""}"#.utf8.count + tag.utf8.count
            return #"{"tag":""# + tag + #"","pad":""# + padding(bytes - frame) + #""}"#
        }
        let frame = 3 + tag.utf8.count  // two quotes and a space
        return "\"" + tag + " " + padding(bytes - frame) + "\""
    }

    /// The POST body for `tags`: `[{"ttl":T,"body":…},…]` in `api`'s envelope, alternating string
    /// and object bodies.
    static func batch(tags: [String], bodyBytes: Int, ttl: Int, api: APIDialect) -> ByteBuffer {
        var text = "["
        for (i, tag) in tags.enumerated() {
            if i > 0 { text += "," }
            text += #"{"ttl":\#(ttl),"body":"# + body(tag: tag, bytes: bodyBytes, asObject: i % 2 == 1) + "}"
        }
        text += "]"
        return ByteBuffer(string: api.postBody(messages: text))
    }

    /// The tag of a parsed body (a string `"tag …"` or an object with a `tag` member).
    static func tag(ofBody body: Any?) -> String? {
        if let text = body as? String {
            return String(text.prefix { $0 != " " })
        }
        if let object = body as? [String: Any] {
            return object["tag"] as? String
        }
        return nil
    }

    private static func padding(_ count: Int) -> String {
        String(repeating: "x", count: max(0, count))
    }
}
