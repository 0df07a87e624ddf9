import NIOCore
import RedisClient

extension QueueStore {
    /// Stores a batch atomically; returns the new ids in the order of `messages`. With
    /// `createQueue` a missing queue is created (and indexed) first, as v1.1 and v2 do; with
    /// `bodyBytes` > 0 the queue's `maxPostBytes` setting is enforced (`.postTooLarge`).
    public func postMessages(
        _ queue: QueueRef, clientID: String, _ messages: [NewMessage], createQueue: Bool = false, bodyBytes: Int = 0,
        on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> [String] {
        var ids: [String] = []
        var arguments: [RedisArgument] = [.string(clientID), .int(createQueue ? 1 : 0), .int(bodyBytes)]
        ids.reserveCapacity(messages.count)
        arguments.reserveCapacity(3 + messages.count * 4)
        for message in messages {
            let id = RandomID.make()
            ids.append(id)
            arguments += [.string(id), .int(message.ttl), .int(message.delay ?? -1), .string(message.body)]
        }
        if try Self.int(await run(.messagePost, queue, arguments, on: loop)) == 1 {
            try await addToIndex(queue, on: loop)
        }
        return ids
    }

    /// A page of messages after the query's marker; nil when nothing matches (or no queue).
    /// Claimed messages carry the id of the claim holding them.
    public func listMessages(
        _ queue: QueueRef, _ query: MessageQuery, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> MessagePage? {
        let reply = try Self.array(await run(.messageList, queue, [
            .string(query.marker), .int(query.limit), .string(query.clientID),
            .int(query.echo ? 1 : 0), .int(query.includeClaimed ? 1 : 0), .int(query.includeDelayed ? 1 : 0),
        ], on: loop))
        guard let marker = reply.first?.string else { return nil }
        let messages = try Self.messages(in: reply, from: 1, withClaim: true)
        guard !messages.isEmpty else { return nil }
        return MessagePage(messages: messages, marker: marker)
    }

    /// The listed messages that exist in this queue (claimed or not).
    public func messages(_ queue: QueueRef, ids: [String], on loop: (any EventLoop)? = nil) async throws(StoreError) -> [Message] {
        try Self.messages(in: Self.array(await run(.messageGetMany, queue, ids.map { .string($0) }, on: loop)), from: 0, withClaim: true)
    }

    /// Deletes the listed messages whether or not they are claimed (contract §6.13).
    public func deleteMessages(_ queue: QueueRef, ids: [String], on loop: (any EventLoop)? = nil) async throws(StoreError) {
        _ = try await run(.messageDeleteMany, queue, ids.map { .string($0) }, on: loop)
    }

    public func message(_ queue: QueueRef, id: String, on loop: (any EventLoop)? = nil) async throws(StoreError) -> Message? {
        try Self.messages(in: Self.array(await run(.messageGet, queue, [.string(id)], on: loop)), from: 0, withClaim: true).first
    }

    /// Deletes one message following the claim rules of contract §6.15 (REC): throws
    /// `.claimRequired` when it is claimed and no `claimID` is given, `.claimMismatch` when
    /// another live claim holds it, `.claimInvalid` when `claimID` is unknown or lapsed or no
    /// claim holds the message.
    public func deleteMessage(
        _ queue: QueueRef, id: String, claimID: String?, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) {
        _ = try await run(.messageDelete, queue, [.string(id), .string(claimID ?? "")], on: loop)
    }

    /// Takes and deletes up to `limit` free messages, oldest first (v1.1/v2 `pop`); messages due
    /// for the dead-letter queue are moved there instead.
    public func popMessages(_ queue: QueueRef, limit: Int, on loop: (any EventLoop)? = nil) async throws(StoreError) -> [PoppedMessage] {
        let reply = try Self.array(await run(.messagePop, queue, [.int(limit)], on: loop))
        guard let moved = reply.first?.int else { throw .unexpectedReply("pop reply") }
        if moved > 0 { try await deliverDeadLetters(queue, on: loop) }
        guard (reply.count - 1) % 5 == 0 else { throw .unexpectedReply("pop of \(reply.count) elements") }
        var out: [PoppedMessage] = []
        var i = 1
        while i < reply.count {
            let message = try Self.messages(in: Array(reply[i..<(i + 4)]), from: 0)[0]
            out.append(PoppedMessage(message: message, claimCount: Int(try Self.int(reply[i + 4]))))
            i += 5
        }
        return out
    }

    /// Deletes every message and claim of the queue (v2 purge); the queue stays.
    public func purgeMessages(_ queue: QueueRef, on loop: (any EventLoop)? = nil) async throws(StoreError) {
        _ = try await run(.queuePurge, queue, on: loop)
    }
}
