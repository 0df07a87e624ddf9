import CoreMetrics

/// The Redis client's metrics (swift-metrics API; the executable picks the backend). They are
/// recorded on failure paths only, so the command path pays nothing for them; the pool gauges
/// are read when metrics are scraped (`RedisClient.poolStatus()`).
enum RedisMetrics {
    /// Commands that failed without an answer from Redis, by kind.
    static let timeouts = Counter(label: "cq_redis_errors_total", dimensions: [("kind", "timeout")])
    static let connectionLost = Counter(label: "cq_redis_errors_total", dimensions: [("kind", "connection_lost")])
    static let protocolErrors = Counter(label: "cq_redis_errors_total", dimensions: [("kind", "protocol")])
    static let unavailable = Counter(label: "cq_redis_errors_total", dimensions: [("kind", "unavailable")])
    static let notReplicated = Counter(label: "cq_redis_errors_total", dimensions: [("kind", "not_replicated")])
    /// Connections opened after an earlier one dropped or failed.
    static let reconnects = Counter(label: "cq_redis_reconnects_total")
    /// Connect attempts that failed.
    static let connectFailures = Counter(label: "cq_redis_connect_failures_total")

    static func failed(_ error: RedisError, count: Int = 1) {
        guard count > 0 else { return }
        switch error {
        case .timeout: timeouts.increment(by: Int64(count))
        case .connectionLost: connectionLost.increment(by: Int64(count))
        case .protocolError: protocolErrors.increment(by: Int64(count))
        case .unavailable: unavailable.increment(by: Int64(count))
        case .notReplicated: notReplicated.increment(by: Int64(count))
        case .server: break // Redis answered: a script's own error, not a failure of the link
        }
    }
}

/// The connection pool at one moment, for the `cq_redis_connections` and
/// `cq_redis_commands_in_flight` gauges.
public struct RedisPoolStatus: Sendable, Equatable {
    /// Connection slots (event loops × connections per loop).
    public var slots: Int
    /// Slots holding a live connection.
    public var connected: Int
    /// Commands sent and not yet answered, over all connections.
    public var inFlight: Int
}
