import NIOCore

/// What the store needs from Redis, whether it is one server (`RedisClient`) or a Redis Cluster
/// (`ClusterClient`): one code path above this line for both.
public protocol RedisExecutor: AnyObject, Sendable {
    /// Sends one command. `key` is the key it touches (a cluster routes by its hash slot);
    /// nil for a command without keys (any node answers it).
    func send(_ command: RedisCommand, key: String?, on eventLoop: (any EventLoop)?) async throws -> RESPValue

    /// Runs a script with EVALSHA (loading it on `NOSCRIPT`); all `keys` must share one hash slot.
    func run(_ script: RedisScript, keys: [String], arguments: [RedisArgument], on eventLoop: (any EventLoop)?) async throws -> RESPValue

    /// Loads scripts into the script cache of every master.
    func load(_ scripts: [RedisScript]) async throws

    /// A client for each master (for commands that must visit every node, such as `SCAN`).
    func masters() async throws -> [RedisClient]

    /// The node that serves `key` (its cluster master; a single Redis is its own), for commands
    /// that need their own connection there (subscriptions). `refreshing` re-reads the cluster's
    /// slot map first.
    func node(forKey key: String, refreshing: Bool) async throws -> RedisClient

    /// Number of live connections (for health and metrics).
    var connectedCount: Int { get }

    /// Connection slots, live connections and commands in flight, over every node (for metrics).
    func poolStatus() async -> RedisPoolStatus

    func close() async
}

extension RedisExecutor {
    /// A command without a routing key (any node in a cluster).
    public func send(_ command: RedisCommand) async throws -> RESPValue {
        try await send(command, key: nil, on: nil)
    }
}

extension RedisClient: RedisExecutor {
    public func send(_ command: RedisCommand, key: String?, on eventLoop: (any EventLoop)?) async throws -> RESPValue {
        try await send(command, on: eventLoop)
    }

    public func masters() async throws -> [RedisClient] { [self] }

    public func node(forKey key: String, refreshing: Bool) async throws -> RedisClient { self }
}
