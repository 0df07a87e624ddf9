import NIOCore
import RedisClient

/// The queues, messages and claims, kept in Redis: every operation is one Lua script call.
/// Knows nothing of HTTP; callers pass the event loop they run on so the Redis connection of
/// that loop is used.
public struct QueueStore: Sendable {
    /// One Redis (`RedisClient`) or a Redis Cluster (`ClusterClient`): the store has one code path.
    public let redis: any RedisExecutor
    public let scripts: ScriptCatalogue
    /// Long polling's parked requests and the wake channels they listen on.
    public let wakeups: Wakeups
    private let metrics: StoreMetrics

    public init(redis: any RedisExecutor, scripts: ScriptCatalogue) {
        self.redis = redis
        self.scripts = scripts
        self.wakeups = Wakeups(redis: redis)
        self.metrics = StoreMetrics()
    }

    /// Loads every script into Redis's cache (a syntax error shows at start-up).
    public func loadScripts() async throws {
        try await redis.load(scripts.all)
    }

    /// Whether Redis (every master of a cluster) answers PING.
    public func ping(on loop: (any EventLoop)? = nil) async -> Bool {
        guard let masters = try? await redis.masters(), !masters.isEmpty else { return false }
        for master in masters where (try? await master.send(RedisCommand("PING"), on: loop)) != .simpleString("PONG") {
            return false
        }
        return true
    }

    /// Runs one script for `queue` with the queue's ten keys (plus `extraKeys`).
    func run(
        _ name: ScriptCatalogue.Name,
        _ queue: QueueRef,
        extraKeys: [String] = [],
        _ arguments: [RedisArgument] = [],
        on loop: (any EventLoop)?
    ) async throws(StoreError) -> RESPValue {
        try await run(name, keys: Keys.queueKeys(queue) + extraKeys, arguments, on: loop)
    }

    func run(
        _ name: ScriptCatalogue.Name,
        keys: [String],
        _ arguments: [RedisArgument],
        on loop: (any EventLoop)?
    ) async throws(StoreError) -> RESPValue {
        do {
            let start = NIODeadline.now()
            let reply = try await redis.run(scripts[name], keys: keys, arguments: arguments, on: loop)
            metrics.record(name, nanoseconds: (NIODeadline.now() - start).nanoseconds, arguments: arguments.count, reply: reply)
            return reply
        } catch {
            throw StoreError.from(error)
        }
    }

    /// Reads `id, ttl, age, body` quadruples starting at `offset` (quintuples with the claim id,
    /// '' for none, when `withClaim`).
    static func messages(in reply: [RESPValue], from offset: Int, withClaim: Bool = false) throws(StoreError) -> [Message] {
        let stride = withClaim ? 5 : 4
        guard (reply.count - offset) % stride == 0 else { throw .unexpectedReply("message list of \(reply.count) elements") }
        var out: [Message] = []
        out.reserveCapacity((reply.count - offset) / stride)
        var i = offset
        while i < reply.count {
            guard let id = reply[i].string, let ttl = reply[i + 1].int, let age = reply[i + 2].int,
                  let body = reply[i + 3].string
            else { throw .unexpectedReply("bad message at \(i)") }
            var message = Message(id: id, ttl: Int(ttl), age: Int(age), body: body)
            if withClaim, let claim = reply[i + 4].string, !claim.isEmpty { message.claimID = claim }
            out.append(message)
            i += stride
        }
        return out
    }

    static func array(_ reply: RESPValue) throws(StoreError) -> [RESPValue] {
        guard let array = reply.array else { throw .unexpectedReply("expected an array, got \(reply)") }
        return array
    }

    static func int(_ reply: RESPValue) throws(StoreError) -> Int64 {
        guard let value = reply.int else { throw .unexpectedReply("expected an integer, got \(reply)") }
        return value
    }
}
