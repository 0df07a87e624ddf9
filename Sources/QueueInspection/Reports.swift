import QueueStore

/// A queue and its counts (`inspect queues`).
public struct QueueSummary: Sendable, Codable, Equatable {
    public var project: String?
    public var name: String
    public var messages: Int
    public var ready: Int
    public var claimed: Int
    public var delayed: Int
    public var deadLetters: Int
    public var claims: Int
    public var liveClaims: Int
    public var lastSeq: Int64?

    init(_ s: QueueSnapshot) {
        project = s.queue.project
        name = s.queue.name
        messages = s.messages.count
        ready = s.ready.count
        claimed = s.claimed.count
        delayed = s.delayed.count
        deadLetters = s.deadLetters.count
        claims = s.claims.count
        liveClaims = s.claims.values.compactMap(ClaimRecord.init).filter { $0.expires > s.now }.count
        lastSeq = s.record["last_seq"].flatMap { Int64($0) }
    }
}

/// One queue in full (`inspect queue`): keys, counters, messages in order, claims.
public struct QueueReport: Sendable, Codable {
    public struct MessageEntry: Sendable, Codable {
        public var id: String
        public var seq: Int64
        /// Milliseconds until the message expires (negative: expired, not yet purged).
        public var expiresInMs: Int64?
        public var ttl: Int64?
        public var client: String?
        public var bodyBytes: Int?
        /// Times claimed so far (dead-lettering counts these).
        public var claims: Int64?
        /// Milliseconds until a delayed message is due (delayed messages only).
        public var dueInMs: Int64?
    }

    public struct ClaimEntry: Sendable, Codable {
        public var id: String
        public var live: Bool
        public var ttl: Int64?
        public var grace: Int64?
        /// Milliseconds until the claim lapses (negative: lapsed, not yet requeued).
        public var expiresInMs: Int64?
        public var messages: [String]
    }

    public var project: String?
    public var name: String
    public var exists: Bool
    public var inIndex: Bool
    public var redisTimeMs: Int64
    public var createdAt: Int64?
    public var lastSeq: Int64?
    public var metadataBytes: Int?
    public var keys: [QueueSnapshot.KeyInfo]
    public var ready: [MessageEntry]
    public var inFlight: [MessageEntry]
    public var delayed: [MessageEntry]
    /// Ids in the dead-letter outbox (moved, not yet delivered to the dead-letter queue).
    public var deadLetters: [String]
    public var claims: [ClaimEntry]

    init(_ s: QueueSnapshot) {
        project = s.queue.project
        name = s.queue.name
        exists = !s.record.isEmpty
        inIndex = s.inIndex
        redisTimeMs = s.now
        createdAt = s.record["created_at"].flatMap { Int64($0) }
        lastSeq = s.record["last_seq"].flatMap { Int64($0) }
        metadataBytes = s.record["metadata"]?.utf8.count
        keys = s.keys
        func entries(_ set: [(String, Int64)], due: Bool = false) -> [MessageEntry] {
            set.map { id, score in
                let record = s.messages[id].flatMap(MessageRecord.init)
                return MessageEntry(id: id, seq: due ? (record?.seq ?? 0) : score, expiresInMs: record.map { $0.expires - s.now },
                                    ttl: record?.ttl, client: record?.client, bodyBytes: record?.bodyBytes,
                                    claims: record?.claims, dueInMs: due ? score - s.now : nil)
            }
        }
        ready = entries(s.ready)
        inFlight = entries(s.claimed)
        delayed = entries(s.delayed, due: true)
        deadLetters = s.deadLetters.keys.sorted()
        claims = s.claims.sorted { $0.key < $1.key }.map { cid, text in
            let record = ClaimRecord(text)
            return ClaimEntry(id: cid, live: (record?.expires ?? 0) > s.now, ttl: record?.ttl, grace: record?.grace,
                              expiresInMs: record.map { $0.expires - s.now }, messages: record?.messages ?? [])
        }
    }
}

/// The result of `inspect check`.
public struct CheckReport: Sendable, Codable {
    public var queuesChecked: Int
    public var violations: [Violation]
    public var passed: Bool { violations.isEmpty }

    enum CodingKeys: String, CodingKey { case queuesChecked, violations, passed }

    public init(queuesChecked: Int, violations: [Violation]) {
        self.queuesChecked = queuesChecked
        self.violations = violations
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        queuesChecked = try c.decode(Int.self, forKey: .queuesChecked)
        violations = try c.decode([Violation].self, forKey: .violations)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(queuesChecked, forKey: .queuesChecked)
        try c.encode(violations, forKey: .violations)
        try c.encode(passed, forKey: .passed)
    }
}
