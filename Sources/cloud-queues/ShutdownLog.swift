import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// Says what a graceful shutdown does, for operators (and systemd, Kubernetes): one line when it
/// starts (SIGTERM or SIGINT), one when the process is about to exit, with how long draining the
/// connections took and how long the whole shutdown took.
///
/// It runs as a service of the application, so it learns of the shutdown the moment the service
/// group starts it; `finished()` is called by `serve` after the server, the Redis connections
/// and the embedded Redis have stopped.
final class ShutdownLog: Service, CustomStringConvertible, Sendable {
    private let logger: Logger
    private let started = NIOLockedValueBox<ContinuousClock.Instant?>(nil)
    private let drained = NIOLockedValueBox<ContinuousClock.Instant?>(nil)

    init(logger: Logger) {
        self.logger = logger
    }

    var description: String { "ShutdownLog" }

    func run() async throws {
        // Returns when the graceful shutdown begins; throws only if the task is cancelled.
        guard (try? await gracefulShutdown()) != nil else { return }
        started.withLockedValue { $0 = .now }
        logger.info("shutdown started, draining connections")
    }

    /// The server has stopped: every connection is closed and no request is in flight.
    func serverStopped() {
        drained.withLockedValue { $0 = .now }
    }

    /// Everything has stopped; logs the closing line if a shutdown was started.
    func finished(embeddedRedis: Bool) {
        guard let start = started.withLockedValue({ $0 }) else { return }
        let end = ContinuousClock.now
        let drainEnd = drained.withLockedValue { $0 } ?? end
        logger.info("shutdown finished", metadata: [
            "shutdown.drain_ms": "\(Self.milliseconds(drainEnd - start))",
            "shutdown.total_ms": "\(Self.milliseconds(end - start))",
            "redis.embedded": "\(embeddedRedis ? "stopped" : "none")",
        ])
    }

    private static func milliseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
    }
}
