import Logging
import RedisClient

/// Removes expired messages and requeues lapsed claims of idle queues, so that no external
/// cron job is needed (the scripts already clean up, within bounds, whenever a queue is used).
/// Every gateway runs one; a lease in Redis (`cq:sweeper`) lets one sweep per interval. It walks
/// `cq:projects` and each project's index, so it works when queues live on different masters.
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

    /// One pass over every queue of every project (the two-level index, lua/README.md
    /// "Indexes"); returns how many claims were requeued and messages purged. Index entries of
    /// queues that no longer exist are dropped, and projects left without queues are pruned.
    public func sweepAll() async throws -> (claims: Int, messages: Int) {
        var total = (claims: 0, messages: 0)
        var afterProject: String?
        while true {
            let projects = try await store.projectsPage(after: afterProject, count: Self.pageSize)
            for project in projects {
                var afterQueue: String?
                var seen = 0
                while true {
                    let names = try await store.queuesPage(encodedProject: project, after: afterQueue, count: Self.pageSize)
                    seen += names.count
                    let store = self.store
                    let swept = try await store.concurrently(names.count) { i throws(StoreError) in
                        let queue = Keys.queueRef(encodedProject: project, name: names[i])
                        guard let swept = try await store.sweep(queue) else {
                            // Stale entry (a gateway stopped between a delete and its unindexing).
                            if try await store.dropIndexEntry(queue) { return (0, 0, 1) }
                            return (0, 0, 0)
                        }
                        return (swept.claims, swept.messages, 0)
                    }
                    for (claims, messages, dropped) in swept {
                        total.claims += claims
                        total.messages += messages
                        seen -= dropped
                    }
                    guard let last = names.last, names.count == Self.pageSize else { break }
                    afterQueue = last
                }
                if seen == 0 { try await store.pruneProject(project) }
            }
            guard let last = projects.last, projects.count == Self.pageSize else { return total }
            afterProject = last
        }
    }

    static let pageSize = 100

    private func acquireLease() async throws -> Bool {
        let reply = try await store.redis.send(RedisCommand("SET", [
            .string(Keys.sweeperLease), .string(owner), "NX", "PX", .int(intervalSeconds * 1000 - 100),
        ]), key: Keys.sweeperLease, on: nil)
        return reply == .simpleString("OK")
    }
}
