import Logging
import RedisClient

/// Removes expired messages and requeues lapsed claims of idle queues, so that no external
/// cron job is needed (the scripts already clean up, within bounds, whenever a queue is used).
/// Every gateway runs one; a lease in Redis (`cq:sweeper`) lets one sweep per interval.
public struct Sweeper: Sendable {
    public let store: QueueStore
    public let intervalSeconds: Int
    private let owner = RandomID.make()
    private let logger: Logger

    public init(store: QueueStore, intervalSeconds: Int, logger: Logger) {
        self.store = store
        self.intervalSeconds = max(1, intervalSeconds)
        self.logger = logger
    }

    /// Sweeps every `intervalSeconds` until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .seconds(intervalSeconds))
            } catch {
                return
            }
            do {
                if try await acquireLease() {
                    let swept = try await sweepAll()
                    if swept.claims + swept.messages > 0 {
                        logger.info("sweep done", metadata: ["sweep.claims": "\(swept.claims)", "sweep.messages": "\(swept.messages)"])
                    }
                }
            } catch {
                logger.debug("sweep skipped", metadata: ["error": "\(error)"])
            }
        }
    }

    /// One pass over every queue; returns how many claims were requeued and messages purged.
    public func sweepAll() async throws -> (claims: Int, messages: Int) {
        var after = ""
        var total = (claims: 0, messages: 0)
        while true {
            let members = try await store.indexPage(after: after, count: 100)
            for member in members {
                guard let queue = Keys.queueRef(indexMember: member) else { continue }
                let swept = try await store.sweep(queue)
                total.claims += swept.claims
                total.messages += swept.messages
            }
            guard let last = members.last, members.count == 100 else { return total }
            after = last
        }
    }

    private func acquireLease() async throws -> Bool {
        let reply = try await store.redis.send(RedisCommand("SET", [
            .string(Keys.sweeperLease), .string(owner), "NX", "PX", .int(intervalSeconds * 1000 - 100),
        ]))
        return reply == .simpleString("OK")
    }
}
