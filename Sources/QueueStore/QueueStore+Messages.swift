import NIOCore
import RedisClient

extension QueueStore {
    /// Stores a batch atomically; returns the new ids in the order of `messages`.
    public func postMessages(
        _ queue: QueueRef, clientID: String, _ messages: [NewMessage], on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> [String] {
        var ids: [String] = []
        var arguments: [RedisArgument] = [.string(clientID)]
        ids.reserveCapacity(messages.count)
        arguments.reserveCapacity(1 + messages.count * 3)
        for message in messages {
            let id = RandomID.make()
            ids.append(id)
            arguments += [.string(id), .int(message.ttl), .string(message.body)]
        }
        _ = try await run(.messagePost, queue, arguments, on: loop)
        return ids
    }

    /// A page of messages after the query's marker; nil when nothing matches (or no queue).
    public func listMessages(
        _ queue: QueueRef, _ query: MessageQuery, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> MessagePage? {
        let reply = try Self.array(await run(.messageList, queue, [
            .string(String(query.marker)), .int(query.limit), .string(query.clientID),
            .int(query.echo ? 1 : 0), .int(query.includeClaimed ? 1 : 0),
        ], on: loop))
        guard let first = reply.first else { return nil }
        let messages = try Self.messages(in: reply, from: 1)
        guard !messages.isEmpty else { return nil }
        return MessagePage(messages: messages, lastSequence: try Self.int(first))
    }

    /// The listed messages that exist in this queue (claimed or not).
    public func messages(_ queue: QueueRef, ids: [String], on loop: (any EventLoop)? = nil) async throws(StoreError) -> [Message] {
        try Self.messages(in: Self.array(await run(.messageGetMany, queue, ids.map { .string($0) }, on: loop)), from: 0)
    }

    /// Deletes the listed messages whether or not they are claimed (contract §6.13).
    public func deleteMessages(_ queue: QueueRef, ids: [String], on loop: (any EventLoop)? = nil) async throws(StoreError) {
        _ = try await run(.messageDeleteMany, queue, ids.map { .string($0) }, on: loop)
    }

    public func message(_ queue: QueueRef, id: String, on loop: (any EventLoop)? = nil) async throws(StoreError) -> Message? {
        try Self.messages(in: Self.array(await run(.messageGet, queue, [.string(id)], on: loop)), from: 0).first
    }

    /// Deletes one message following the claim rules of contract §6.15 (REC):
    /// throws `.claimMismatch` when it is claimed and `claimID` is not its live claim, or when
    /// a claim id is given for a message no live claim holds.
    public func deleteMessage(
        _ queue: QueueRef, id: String, claimID: String?, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) {
        _ = try await run(.messageDelete, queue, [.string(id), .string(claimID ?? "")], on: loop)
    }
}
