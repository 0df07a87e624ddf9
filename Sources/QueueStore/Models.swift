/// A message as the API shows it. `body` is the JSON text exactly as posted.
public struct Message: Sendable, Equatable {
    public var id: String
    public var ttl: Int
    public var age: Int
    public var body: String
    /// The live claim holding it, where the operation reports it (listings with claimed messages).
    public var claimID: String? = nil
}

/// A message to post: its id is chosen by the gateway, its body is validated JSON text.
public struct NewMessage: Sendable {
    /// Seconds; 0 = the queue's default TTL (`_default_message_ttl`), else 3600.
    public var ttl: Int
    public var body: String
    /// Seconds before it can be claimed; nil = the queue's default delay (none unless set).
    public var delay: Int?

    public init(ttl: Int, body: String, delay: Int? = 0) {
        self.ttl = ttl
        self.body = body
        self.delay = delay
    }
}

/// One page of a message listing; `marker` is the marker for the next page.
public struct MessagePage: Sendable {
    public var messages: [Message]
    public var marker: String
}

/// What to list: messages after `marker`, filtered like contract §6.11 (and v2's
/// `include_delayed`). Markers are what an earlier page returned ("0" = from the start).
public struct MessageQuery: Sendable {
    public var marker: String
    public var limit: Int
    public var clientID: String
    public var echo: Bool
    public var includeClaimed: Bool
    public var includeDelayed: Bool

    public init(marker: String, limit: Int, clientID: String, echo: Bool, includeClaimed: Bool, includeDelayed: Bool = false) {
        self.marker = marker
        self.limit = limit
        self.clientID = clientID
        self.echo = echo
        self.includeClaimed = includeClaimed
        self.includeDelayed = includeDelayed
    }
}

/// A claim with the messages it holds.
public struct Claim: Sendable {
    public var id: String
    public var ttl: Int
    public var age: Int
    public var messages: [Message]
}

/// A message taken by `pop`: deleted, reported with the number of times it was claimed (the
/// pop counts as one).
public struct PoppedMessage: Sendable, Equatable {
    public var message: Message
    public var claimCount: Int
}

/// A queue in a listing; `metadata` (JSON text) only for detailed listings.
public struct QueueSummary: Sendable, Equatable {
    public var name: String
    public var metadata: String?

    public init(name: String, metadata: String?) {
        self.name = name
        self.metadata = metadata
    }
}

/// Exact counts of a queue's unexpired messages, with its first and last message.
public struct QueueStats: Sendable, Equatable {
    public struct Endpoint: Sendable, Equatable {
        public var id: String
        public var age: Int
        /// Creation time in milliseconds since the epoch (Redis clock).
        public var createdMilliseconds: Int64
    }

    public var claimed: Int
    public var total: Int
    /// Messages not yet due (v2 delays); neither free nor claimed.
    public var delayed: Int = 0
    public var free: Int { total - claimed - delayed }
    public var oldest: Endpoint?
    public var newest: Endpoint?

    /// A queue without messages (also what v2 shows for a queue that does not exist).
    public static let empty = QueueStats(claimed: 0, total: 0)
}

/// What the store enforces from a queue's reserved metadata attributes (v2 `_default_message_ttl`
/// and the others); the API layer reads them from the metadata document, the store keeps them as
/// fields of the queue record so scripts read them without parsing JSON.
public struct QueueSettings: Sendable, Equatable {
    public var defaultTTL: Int?
    public var defaultDelay: Int?
    public var maxPostBytes: Int?
    public var maxClaims: Int?
    public var deadLetterQueue: String?
    public var deadLetterTTL: Int?

    public init(defaultTTL: Int? = nil, defaultDelay: Int? = nil, maxPostBytes: Int? = nil, maxClaims: Int? = nil,
                deadLetterQueue: String? = nil, deadLetterTTL: Int? = nil) {
        self.defaultTTL = defaultTTL
        self.defaultDelay = defaultDelay
        self.maxPostBytes = maxPostBytes
        self.maxClaims = maxClaims
        self.deadLetterQueue = deadLetterQueue
        self.deadLetterTTL = deadLetterTTL
    }

    /// ARGV of queue_create and metadata_set, in `queue_settings()` order ("" = not set).
    var arguments: [String] {
        [defaultTTL.map(String.init) ?? "", defaultDelay.map(String.init) ?? "", maxPostBytes.map(String.init) ?? "",
         maxClaims.map(String.init) ?? "", deadLetterQueue ?? "", deadLetterTTL.map(String.init) ?? ""]
    }
}
