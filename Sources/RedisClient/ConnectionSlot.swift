import NIOConcurrencyHelpers
import NIOCore

/// A place for one connection on one event loop: connects on first use, reconnects after the
/// connection drops, and fails fast for `reconnectBackoff` after a failed attempt.
final class ConnectionSlot: @unchecked Sendable {
    private enum State {
        case idle
        case connecting(EventLoopFuture<RedisConnection>)
        case connected(RedisConnection)
        case failed(at: NIODeadline, error: RedisError)
    }

    let eventLoop: any EventLoop
    private let endpoint: RedisEndpoint
    private let configuration: RedisClientConfiguration
    /// Where to connect when that can change (Sentinel); nil: always `endpoint`.
    private let connector: (any RedisConnector)?
    private let lock = NIOLock()
    private var state: State = .idle
    private var closed = false

    init(eventLoop: any EventLoop, endpoint: RedisEndpoint, configuration: RedisClientConfiguration, connector: (any RedisConnector)? = nil) {
        self.eventLoop = eventLoop
        self.endpoint = endpoint
        self.configuration = configuration
        self.connector = connector
    }

    /// A live connection, or a future one.
    func connection() -> EventLoopFuture<RedisConnection> {
        let (future, started): (EventLoopFuture<RedisConnection>, Bool) = lock.withLock {
            if closed { return (eventLoop.makeFailedFuture(RedisError.unavailable("client closed")), false) }
            switch state {
            case .connected(let connection) where connection.isActive:
                return (eventLoop.makeSucceededFuture(connection), false)
            case .connecting(let future):
                return (future, false)
            case .failed(let at, let error) where NIODeadline.now() < at + configuration.reconnectBackoff:
                RedisMetrics.failed(.unavailable(""))
                return (eventLoop.makeFailedFuture(error), false)
            default:
                if case .idle = state {} else { RedisMetrics.reconnects.increment() }
                let future = connector?.connect(on: eventLoop, configuration: configuration)
                    ?? RedisConnection.connect(to: endpoint, on: eventLoop, configuration: configuration)
                state = .connecting(future)
                return (future, true)
            }
        }
        if started {
            // Outside the lock: a connect that fails at once completes on this very call.
            future.whenComplete { result in
                self.lock.withLock {
                    switch result {
                    case .success(let connection): self.state = .connected(connection)
                    case .failure(let error):
                        RedisMetrics.connectFailures.increment()
                        self.state = .failed(at: .now(), error: error as? RedisError ?? .unavailable("\(error)"))
                    }
                }
            }
        }
        return future
    }

    /// Whether the slot holds a live connection right now (for health and metrics).
    var isConnected: Bool {
        lock.withLock {
            if case .connected(let c) = state { return c.isActive }
            return false
        }
    }

    /// Commands in flight on this slot's connection (0 when it has none).
    func inFlight() async -> Int {
        let connection: RedisConnection? = lock.withLock {
            if case .connected(let c) = state { return c }
            return nil
        }
        guard let connection else { return 0 }
        return (try? await connection.inFlight()) ?? 0
    }

    /// Drops `connection` if it is still this slot's (it reached a node that is no longer the
    /// master); the next use connects anew.
    func discard(_ connection: RedisConnection) {
        let dropped: Bool = lock.withLock {
            guard case .connected(let current) = state, current === connection else { return false }
            state = .idle
            return true
        }
        if dropped { _ = connection.close() }
    }

    func close() -> EventLoopFuture<Void> {
        let connection: RedisConnection? = lock.withLock {
            closed = true
            if case .connected(let c) = state { return c }
            return nil
        }
        return connection?.close() ?? eventLoop.makeSucceededVoidFuture()
    }
}
