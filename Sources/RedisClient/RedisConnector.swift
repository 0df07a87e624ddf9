import NIOCore

/// Makes the connections of a `RedisClient` when where to connect can change while the client
/// runs (Redis Sentinel: `SentinelConnector`). A client without one connects to its fixed
/// endpoint.
public protocol RedisConnector: Sendable {
    /// Opens a connection to the node that should take commands now, ready to use.
    func connect(on eventLoop: any EventLoop, configuration: RedisClientConfiguration) -> EventLoopFuture<RedisConnection>
}
