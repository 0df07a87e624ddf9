import NIOCore

/// Timeouts and pool size of a `RedisClient`.
public struct RedisClientConfiguration: Sendable {
    /// Connections per event loop (requests pick one round-robin).
    public var connectionsPerEventLoop: Int
    /// How long a TCP or unix-socket connect may take before the request gets `.unavailable`.
    public var connectTimeout: TimeAmount
    /// How long a command may wait for its reply before the connection is dropped.
    public var commandTimeout: TimeAmount
    /// After a failed connect, requests fail at once for this long instead of reconnecting,
    /// so a dead Redis is not hammered (and requests get their 503 without waiting).
    public var reconnectBackoff: TimeAmount
    /// After each script that writes, `WAIT` for this many replicas to acknowledge it (0: no
    /// `WAIT`); fewer within `waitTimeout` fails the call with `.notReplicated`.
    public var waitReplicas: Int
    /// How long `WAIT` may block; keep it below `commandTimeout`.
    public var waitTimeout: TimeAmount

    public init(
        connectionsPerEventLoop: Int = 1,
        connectTimeout: TimeAmount = .milliseconds(1000),
        commandTimeout: TimeAmount = .milliseconds(1000),
        reconnectBackoff: TimeAmount = .milliseconds(200),
        waitReplicas: Int = 0,
        waitTimeout: TimeAmount = .milliseconds(500)
    ) {
        self.connectionsPerEventLoop = max(1, connectionsPerEventLoop)
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoff = reconnectBackoff
        self.waitReplicas = max(0, waitReplicas)
        self.waitTimeout = waitTimeout
    }
}
