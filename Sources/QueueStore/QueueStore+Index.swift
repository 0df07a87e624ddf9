import NIOCore
import RedisClient

/// The queue indexes: `cq:{<P>}:queues` (a project's queue names) and `cq:projects` (projects).
///
/// They live in other hash slots than the queues they list (in a cluster, on other masters), so
/// they cannot change in the same script as the queue. The queue's own record is the truth; the
/// indexes follow it with two rules that keep them convergent (lua/README.md "Indexes"):
/// an entry is added only AFTER the record is written, and an entry is removed first and the
/// truth checked AFTER, putting the entry back when the record exists after all.
extension QueueStore {
    /// Indexes the queue (its name in its project's index, then the project in `cq:projects`).
    func addToIndex(_ queue: QueueRef, on loop: (any EventLoop)?) async throws(StoreError) {
        let index = Keys.queueIndex(project: queue.project)
        _ = try await command(index, "ZADD", [.string(index), "0", .string(queue.name)], on: loop)
        let project = Keys.encodeProject(queue.project)
        _ = try await command(Keys.projectIndex, "ZADD", [.string(Keys.projectIndex), "0", .string(project)], on: loop)
    }

    /// Unindexes a deleted queue; re-adds it if a create of the same name won the race.
    func removeFromIndex(_ queue: QueueRef, on loop: (any EventLoop)?) async throws(StoreError) {
        if try await dropIndexEntry(queue, on: loop) {
            let index = Keys.queueIndex(project: queue.project)
            if try Self.int(await command(index, "ZCARD", [.string(index)], on: loop)) == 0 {
                try await pruneProject(Keys.encodeProject(queue.project), on: loop)
            }
        }
    }

    /// Removes the queue's index entry unless the queue exists (checked after the removal);
    /// true if the entry is gone.
    @discardableResult
    public func dropIndexEntry(_ queue: QueueRef, on loop: (any EventLoop)? = nil) async throws(StoreError) -> Bool {
        let index = Keys.queueIndex(project: queue.project)
        _ = try await command(index, "ZREM", [.string(index), .string(queue.name)], on: loop)
        guard try await queueExists(queue, on: loop) else { return true }
        _ = try await command(index, "ZADD", [.string(index), "0", .string(queue.name)], on: loop)
        return false
    }

    /// Drops a project whose index is empty from `cq:projects` (put back if a queue appeared).
    public func pruneProject(_ encodedProject: String, on loop: (any EventLoop)? = nil) async throws(StoreError) {
        let projects = Keys.projectIndex
        let index = Keys.queueIndex(encodedProject: encodedProject)
        _ = try await command(projects, "ZREM", [.string(projects), .string(encodedProject)], on: loop)
        if try Self.int(await command(index, "ZCARD", [.string(index)], on: loop)) > 0 {
            _ = try await command(projects, "ZADD", [.string(projects), "0", .string(encodedProject)], on: loop)
        }
    }

    /// Encoded project ids in `cq:projects` after `after` (nil = from the start), in byte order.
    /// How many queues the project's index lists (v2 `with_count`).
    public func queueCount(project: String?, on loop: (any EventLoop)? = nil) async throws(StoreError) -> Int {
        let index = Keys.queueIndex(project: project)
        return Int(try Self.int(await command(index, "ZCARD", [.string(index)], on: loop)))
    }

    public func projectsPage(after: String?, count: Int, on loop: (any EventLoop)? = nil) async throws(StoreError) -> [String] {
        try await lexPage(Keys.projectIndex, after: after, count: count, on: loop)
    }

    /// Queue names of a project (encoded id) after `after` (nil = from the start), in byte order.
    public func queuesPage(
        encodedProject: String, after: String?, count: Int, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> [String] {
        try await lexPage(Keys.queueIndex(encodedProject: encodedProject), after: after, count: count, on: loop)
    }

    private func lexPage(_ key: String, after: String?, count: Int, on loop: (any EventLoop)?) async throws(StoreError) -> [String] {
        let min = after.map { "(" + $0 } ?? "-"
        let reply = try await command(key, "ZRANGE", [.string(key), .string(min), "+", "BYLEX", "LIMIT", "0", .int(count)], on: loop)
        return try Self.array(reply).compactMap(\.string)
    }

    /// One plain command on one key (index upkeep is not an API operation, so no script).
    func command(_ key: String, _ name: String, _ arguments: [RedisArgument], on loop: (any EventLoop)?) async throws(StoreError) -> RESPValue {
        do {
            return try await redis.send(RedisCommand(name, arguments), key: key, on: loop)
        } catch {
            throw StoreError.from(error)
        }
    }

    /// Runs `body(0..<count)` concurrently (the calls pipeline on the connections) and returns
    /// the results in index order.
    func concurrently<T: Sendable>(
        _ count: Int, _ body: @escaping @Sendable (Int) async throws(StoreError) -> T
    ) async throws(StoreError) -> [T] {
        do {
            return try await withThrowingTaskGroup(of: (Int, T).self) { group in
                for i in 0..<count {
                    group.addTask { (i, try await body(i)) }
                }
                var results = [T?](repeating: nil, count: count)
                for try await (i, value) in group { results[i] = value }
                return results.map { $0! }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.from(error)
        }
    }
}
