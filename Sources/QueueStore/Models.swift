/// A message as the API shows it. `body` is the JSON text exactly as posted.
public struct Message: Sendable, Equatable {
    public var id: String
    public var ttl: Int
    public var age: Int
    public var body: String
}

/// A message to post: its id is chosen by the gateway, its body is validated JSON text.
public struct NewMessage: Sendable {
    public var ttl: Int
    public var body: String

    public init(ttl: Int, body: String) {
        self.ttl = ttl
        self.body = body
    }
}

/// One page of a message listing; `lastSequence` is the marker for the next page.
public struct MessagePage: Sendable {
    public var messages: [Message]
    public var lastSequence: Int64
}

/// What to list: messages after `marker` (a sequence number), filtered like contract §6.11.
public struct MessageQuery: Sendable {
    public var marker: Int64
    public var limit: Int
    public var clientID: String
    public var echo: Bool
    public var includeClaimed: Bool

    public init(marker: Int64, limit: Int, clientID: String, echo: Bool, includeClaimed: Bool) {
        self.marker = marker
        self.limit = limit
        self.clientID = clientID
        self.echo = echo
        self.includeClaimed = includeClaimed
    }
}

/// A claim with the messages it holds.
public struct Claim: Sendable {
    public var id: String
    public var ttl: Int
    public var age: Int
    public var messages: [Message]
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
    public var free: Int { total - claimed }
    public var oldest: Endpoint?
    public var newest: Endpoint?
}
