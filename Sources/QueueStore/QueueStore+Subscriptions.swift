import NIOCore
import RedisClient

/// A v2 subscription of a queue (its CRUD; delivery is issue 14's).
public struct Subscription: Sendable, Equatable {
    public var id: String
    public var subscriber: String
    public var ttl: Int
    public var age: Int
    public var confirmed: Bool
    /// JSON object text, as sent.
    public var options: String
}

/// What creating a subscription did.
public enum SubscriptionCreation: Sendable, Equatable {
    case created(String)
    /// The subscriber was subscribed already and has not confirmed: its id again.
    case unconfirmedExists(String)
    /// The subscriber is subscribed already and has confirmed.
    case conflict
}

/// What updating a subscription did.
public enum SubscriptionUpdate: Sendable, Equatable {
    case updated, missing, conflict
}

extension QueueStore {
    public func createSubscription(
        _ queue: QueueRef, subscriber: String, ttl: Int, options: String, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> SubscriptionCreation {
        let reply = try Self.array(await run(.subscriptionCreate, keys: Keys.subscriptionKeys(queue), [
            .string(RandomID.make()), .string(subscriber), .int(ttl), .string(options),
        ], on: loop))
        guard reply.count == 3, let status = reply[0].string, let id = reply[1].string else {
            throw .unexpectedReply("subscription_create reply")
        }
        if reply[2].int == 1 { try await addToIndex(queue, on: loop) }
        switch status {
        case "created": return .created(id)
        case "exists": return .unconfirmedExists(id)
        default: return .conflict
        }
    }

    public func subscriptions(
        _ queue: QueueRef, marker: String?, limit: Int, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> [Subscription] {
        try Self.subscriptions(in: Self.array(await run(.subscriptionList, keys: Keys.subscriptionKeys(queue),
                                                          [.string(marker ?? ""), .int(limit)], on: loop)))
    }

    public func subscription(_ queue: QueueRef, id: String, on loop: (any EventLoop)? = nil) async throws(StoreError) -> Subscription? {
        try Self.subscriptions(in: Self.array(await run(.subscriptionGet, keys: Keys.subscriptionKeys(queue), [.string(id)], on: loop))).first
    }

    /// nil arguments leave that part unchanged.
    public func updateSubscription(
        _ queue: QueueRef, id: String, subscriber: String?, ttl: Int?, options: String?, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> SubscriptionUpdate {
        let reply = try await run(.subscriptionUpdate, keys: Keys.subscriptionKeys(queue), [
            .string(id), .string(subscriber ?? ""), .string(ttl.map(String.init) ?? ""), .string(options ?? ""),
        ], on: loop)
        switch reply.string {
        case "updated": return .updated
        case "conflict": return .conflict
        default: return .missing
        }
    }

    public func deleteSubscription(_ queue: QueueRef, id: String, on loop: (any EventLoop)? = nil) async throws(StoreError) {
        _ = try await run(.subscriptionDelete, keys: Keys.subscriptionKeys(queue), [.string(id)], on: loop)
    }

    /// False when there is no such live subscription.
    public func confirmSubscription(
        _ queue: QueueRef, id: String, confirmed: Bool, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> Bool {
        try Self.int(await run(.subscriptionConfirm, keys: Keys.subscriptionKeys(queue), [.string(id), .int(confirmed ? 1 : 0)], on: loop)) == 1
    }

    public func purgeSubscriptions(_ queue: QueueRef, on loop: (any EventLoop)? = nil) async throws(StoreError) {
        _ = try await run(.subscriptionPurge, keys: Keys.subscriptionKeys(queue), [], on: loop)
    }

    private static func subscriptions(in reply: [RESPValue]) throws(StoreError) -> [Subscription] {
        guard reply.count % 6 == 0 else { throw .unexpectedReply("subscriptions of \(reply.count) elements") }
        var out: [Subscription] = []
        var i = 0
        while i < reply.count {
            guard let id = reply[i].string, let subscriber = reply[i + 1].string, let ttl = reply[i + 2].int,
                  let age = reply[i + 3].int, let confirmed = reply[i + 4].int, let options = reply[i + 5].string
            else { throw .unexpectedReply("subscription at \(i)") }
            out.append(Subscription(id: id, subscriber: subscriber, ttl: Int(ttl), age: Int(age), confirmed: confirmed == 1, options: options))
            i += 6
        }
        return out
    }
}
