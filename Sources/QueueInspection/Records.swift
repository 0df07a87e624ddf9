/// A message record as `lua/README.md` describes it:
/// `seq=17 ttl=300 created=... expires=... client=... claims=2 claim=... body=...` (body last,
/// anything; records written before claim counting lack `claims=` and `claim=`).
public struct MessageRecord: Sendable, Equatable, Codable {
    public var seq: Int64
    public var ttl: Int64
    public var created: Int64
    public var expires: Int64
    public var client: String
    /// Times claimed (a pop counts as a claim but deletes the record).
    public var claims: Int64
    /// The last claim's id ('' = never claimed); live only while the message is in `claimed`.
    public var claim: String
    public var bodyBytes: Int

    /// Parses a record; nil when it does not have the documented shape.
    public init?(_ text: String) {
        guard let head = text.prefixBefore(" body=") else { return nil }
        let fields = RecordFields(head)
        guard let seq = fields.int("seq"), let ttl = fields.int("ttl"), let created = fields.int("created"),
              let expires = fields.int("expires"), let client = fields["client"]
        else { return nil }
        let base = ["seq", "ttl", "created", "expires", "client"]
        if fields.keys == base + ["claims", "claim"], let claims = fields.int("claims"), let claim = fields["claim"] {
            self.claims = claims
            self.claim = claim
        } else if fields.keys == base {
            self.claims = 0
            self.claim = ""
        } else {
            return nil
        }
        self.seq = seq
        self.ttl = ttl
        self.created = created
        self.expires = expires
        self.client = client
        self.bodyBytes = text.utf8.count - head.utf8.count - 6
    }
}

/// A claim record: `ttl=300 grace=60 updated=... expires=... messages=id,id`.
public struct ClaimRecord: Sendable, Equatable, Codable {
    public var ttl: Int64
    public var grace: Int64
    public var updated: Int64
    public var expires: Int64
    public var messages: [String]

    public init?(_ text: String) {
        let fields = RecordFields(text)
        guard let ttl = fields.int("ttl"), let grace = fields.int("grace"), let updated = fields.int("updated"),
              let expires = fields.int("expires"), let messages = fields["messages"],
              fields.keys == ["ttl", "grace", "updated", "expires", "messages"]
        else { return nil }
        self.ttl = ttl
        self.grace = grace
        self.updated = updated
        self.expires = expires
        self.messages = messages.split(separator: ",").map(String.init)
    }
}

/// `name=value` pairs separated by single spaces, in order.
struct RecordFields {
    private(set) var keys: [String] = []
    private var values: [String: String] = [:]

    init(_ text: String) {
        for part in text.split(separator: " ", omittingEmptySubsequences: false) {
            guard let eq = part.firstIndex(of: "=") else { keys.append(String(part)); continue }
            let key = String(part[..<eq])
            keys.append(key)
            values[key] = String(part[part.index(after: eq)...])
        }
    }

    subscript(key: String) -> String? { values[key] }

    func int(_ key: String) -> Int64? { values[key].flatMap { Int64($0) } }
}

extension String {
    /// The text before the first occurrence of `separator`, or nil if it does not occur.
    func prefixBefore(_ separator: String) -> String? {
        let s = Array(utf8), sep = Array(separator.utf8)
        guard s.count >= sep.count else { return nil }
        var i = 0
        while i + sep.count <= s.count {
            if s[i] == sep[0], Array(s[i..<(i + sep.count)]) == sep {
                return String(decoding: s[0..<i], as: UTF8.self)
            }
            i += 1
        }
        return nil
    }
}
