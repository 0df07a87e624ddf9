import NIOCore
import RedisClient

extension QueueStore {
    /// Claims up to `limit` free messages, oldest first; nil when there is nothing to claim.
    /// Messages claimed too often for their queue's dead-letter setting are moved to the
    /// dead-letter queue instead, before this returns.
    public func createClaim(
        _ queue: QueueRef, ttl: Int, grace: Int, limit: Int, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> Claim? {
        let id = RandomID.make()
        let reply = try Self.array(await run(.claimCreate, queue, [.string(id), .int(ttl), .int(grace), .int(limit)], on: loop))
        guard reply.count >= 2, let claimed = reply[0].string, let moved = reply[1].int else {
            throw .unexpectedReply("claim reply of \(reply.count) elements")
        }
        if moved > 0 { try await deliverDeadLetters(queue, on: loop) }
        guard !claimed.isEmpty else { return nil }
        return Claim(id: id, ttl: ttl, age: 0, messages: try Self.messages(in: reply, from: 2))
    }

    /// A live claim with its remaining messages; nil when unknown, lapsed or emptied.
    public func claim(_ queue: QueueRef, id: String, on loop: (any EventLoop)? = nil) async throws(StoreError) -> Claim? {
        let reply = try Self.array(await run(.claimGet, queue, [.string(id)], on: loop))
        guard reply.count >= 2 else { return nil }
        let messages = try Self.messages(in: reply, from: 2)
        guard !messages.isEmpty else { return nil }
        return Claim(id: id, ttl: Int(try Self.int(reply[0])), age: Int(try Self.int(reply[1])), messages: messages)
    }

    /// Renews a live claim; false when it is unknown or lapsed.
    public func updateClaim(
        _ queue: QueueRef, id: String, ttl: Int, grace: Int, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> Bool {
        try Self.int(await run(.claimUpdate, queue, [.string(id), .int(ttl), .int(grace)], on: loop)) == 1
    }

    /// Releases a claim: its messages become free at once.
    public func deleteClaim(_ queue: QueueRef, id: String, on loop: (any EventLoop)? = nil) async throws(StoreError) {
        _ = try await run(.claimDelete, queue, [.string(id)], on: loop)
    }
}
