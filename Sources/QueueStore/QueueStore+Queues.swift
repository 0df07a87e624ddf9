import NIOCore
import RedisClient

extension QueueStore {
    /// Creates the queue; false if it existed already (nothing about it changes then).
    /// The index entry is (re)written either way, so a PUT also repairs a missing entry.
    /// `metadata` (JSON text) and `settings` apply only to a queue this call creates.
    public func createQueue(
        _ queue: QueueRef, metadata: String? = nil, settings: QueueSettings = QueueSettings(), on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> Bool {
        let arguments = ([metadata ?? ""] + settings.arguments).map { RedisArgument.string($0) }
        let created = try Self.int(await run(.queueCreate, queue, arguments, on: loop)) == 1
        try await addToIndex(queue, on: loop)
        return created
    }

    public func queueExists(_ queue: QueueRef, on loop: (any EventLoop)? = nil) async throws(StoreError) -> Bool {
        try Self.int(await run(.queueExists, queue, on: loop)) == 1
    }

    /// Deletes the queue with all its messages and claims; false if it did not exist.
    @discardableResult
    public func deleteQueue(_ queue: QueueRef, on loop: (any EventLoop)? = nil) async throws(StoreError) -> Bool {
        // Dead letters in the outbox have left this queue already: deliver them before it goes.
        try await deliverDeadLetters(queue, on: loop)
        let existed = try Self.int(await run(.queueDelete, queue, extraKeys: Array(Keys.subscriptionKeys(queue).dropFirst()), on: loop)) == 1
        try await removeFromIndex(queue, on: loop)
        return existed
    }

    /// A page of a project's queues in name order, after `marker`. With `detailed`, each queue's
    /// metadata is read with its own script call (queues live in different slots), all at once.
    public func listQueues(
        project: String?, marker: String?, limit: Int, detailed: Bool, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> [QueueSummary] {
        let reply = try await run(
            .queueList, keys: [Keys.queueIndex(project: project)], [.string(marker ?? ""), .int(limit)], on: loop)
        let names = try Self.array(reply).compactMap(\.string)
        guard detailed, !names.isEmpty else { return names.map { QueueSummary(name: $0, metadata: nil) } }
        let metadata = try await concurrently(names.count) { i throws(StoreError) -> String in
            let key = Keys.queueRecord(QueueRef(project: project, name: names[i]))
            // nil when the queue vanished after the index was read: shown with empty metadata.
            return try Self.array(await run(.queueListMetadata, keys: [key], [], on: loop)).first?.string ?? "{}"
        }
        return zip(names, metadata).map { QueueSummary(name: $0, metadata: $1) }
    }

    /// The queue's metadata document (JSON text, `{}` when never set).
    public func metadata(_ queue: QueueRef, on loop: (any EventLoop)? = nil) async throws(StoreError) -> String {
        guard let text = try await run(.metadataGet, queue, on: loop).string else {
            throw .unexpectedReply("metadata is not a string")
        }
        return text
    }

    /// Replaces the queue's metadata document, and its settings when given. With `expected`, only
    /// if the stored document is still that text (false otherwise: read again and retry).
    @discardableResult
    public func setMetadata(
        _ queue: QueueRef, _ json: String, settings: QueueSettings? = nil, expected: String? = nil, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> Bool {
        var arguments: [RedisArgument] = [.string(json), .int(settings == nil ? 0 : 1)]
        arguments += (settings ?? QueueSettings()).arguments.map { .string($0) }
        if let expected { arguments.append(.string(expected)) }
        return try Self.int(await run(.metadataSet, queue, arguments, on: loop)) == 1
    }

    /// Exact counts and the oldest and newest unexpired messages.
    public func stats(_ queue: QueueRef, on loop: (any EventLoop)? = nil) async throws(StoreError) -> QueueStats {
        let reply = try Self.array(await run(.queueStats, queue, on: loop))
        guard reply.count == 3 || reply.count == 9 else { throw .unexpectedReply("stats of \(reply.count) elements") }
        var stats = QueueStats(claimed: Int(try Self.int(reply[0])), total: Int(try Self.int(reply[1])))
        stats.delayed = Int(try Self.int(reply[2]))
        if reply.count == 9 {
            func endpoint(_ i: Int) throws(StoreError) -> QueueStats.Endpoint {
                guard let id = reply[i].string else { throw .unexpectedReply("stats endpoint id") }
                return .init(id: id, age: Int(try Self.int(reply[i + 1])), createdMilliseconds: try Self.int(reply[i + 2]))
            }
            stats.oldest = try endpoint(3)
            stats.newest = try endpoint(6)
        }
        return stats
    }

    /// Requeues lapsed claims, readies due delayed messages, purges expired messages of one queue
    /// within bounds, and delivers dead letters left in its outbox; nil when the queue does not exist.
    public func sweep(
        _ queue: QueueRef, maxClaims: Int = 1000, maxMessages: Int = 1000, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> (claims: Int, messages: Int)? {
        let reply = try Self.array(await run(.queueSweep, queue, [.int(maxClaims), .int(maxMessages)], on: loop))
        if reply.isEmpty { return nil }
        guard reply.count == 3 else { throw .unexpectedReply("sweep reply") }
        if try Self.int(reply[2]) > 0 { try await deliverDeadLetters(queue, on: loop) }
        return (Int(try Self.int(reply[0])), Int(try Self.int(reply[1])))
    }
}
