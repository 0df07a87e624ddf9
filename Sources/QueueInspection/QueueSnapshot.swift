import NIOCore
import QueueStore
import RedisClient

/// Everything Redis holds for one queue, read in one `MULTI`/`EXEC` so it is a consistent
/// snapshot even while gateways write (every key of a queue is in one hash slot).
/// It reads whole keys: meant for debugging, not for queues of millions of messages.
public struct QueueSnapshot: Sendable {
    /// One of the queue's keys as Redis reports it.
    public struct KeyInfo: Sendable, Codable, Equatable {
        public var key: String
        /// `none` when the key does not exist.
        public var type: String
        /// Elements (hash fields, zset members); 0 when absent.
        public var size: Int
        /// Milliseconds to live; -1 = no TTL, -2 = no key (Redis's `PTTL`).
        public var pttl: Int64
    }

    public var queue: QueueRef
    /// Redis time when the snapshot was taken (ms).
    public var now: Int64
    /// `cq:{P/Q}:queue` fields (created_at, metadata, last_seq).
    public var record: [String: String]
    public var inIndex: Bool
    /// `messages` hash: id → record text.
    public var messages: [String: String]
    /// Members with scores, in score order.
    public var ready: [(String, Int64)]
    public var claimed: [(String, Int64)]
    public var expiry: [(String, Int64)]
    /// `claims` hash: claim id → record text.
    public var claims: [String: String]
    public var claimExpiry: [(String, Int64)]
    /// Messages not yet due, scored by due time (ms).
    public var delayed: [(String, Int64)]
    /// The dead-letter outbox: id → entry, waiting for delivery to the dead-letter queue.
    public var deadLetters: [String: String]
    /// The ten keys in `Keys.queueKeys` order.
    public var keys: [KeyInfo]

    /// Reads the queue. `loop` must be the only user of its connection in `redis` (the
    /// transaction's commands must reach Redis back to back on one connection).
    public static func read(_ queue: QueueRef, redis: RedisClient, on loop: any EventLoop) async throws -> QueueSnapshot {
        let keys = Keys.queueKeys(queue)
        var commands: [RedisCommand] = [
            RedisCommand("TIME"),
            RedisCommand("HGETALL", [.string(keys[0])]),
            RedisCommand("HGETALL", [.string(keys[1])]),
            RedisCommand("ZRANGE", [.string(keys[2]), "0", "-1", "WITHSCORES"]),
            RedisCommand("ZRANGE", [.string(keys[3]), "0", "-1", "WITHSCORES"]),
            RedisCommand("ZRANGE", [.string(keys[4]), "0", "-1", "WITHSCORES"]),
            RedisCommand("HGETALL", [.string(keys[5])]),
            RedisCommand("ZRANGE", [.string(keys[6]), "0", "-1", "WITHSCORES"]),
            RedisCommand("ZRANGE", [.string(keys[7]), "0", "-1", "WITHSCORES"]),
            RedisCommand("HGETALL", [.string(keys[8])]),
            RedisCommand("ZCARD", [.string(keys[9])]),
        ]
        for key in keys {
            commands.append(RedisCommand("TYPE", [.string(key)]))
            commands.append(RedisCommand("PTTL", [.string(key)]))
        }
        let replies = try await transaction(commands, redis: redis, on: loop)
        guard replies.count == commands.count else { throw InspectionError("EXEC returned \(replies.count) replies for \(commands.count) commands") }
        let time = replies[0].array ?? []
        let now = (time.first?.int ?? 0) * 1000 + (time.count > 1 ? (time[1].int ?? 0) / 1000 : 0)
        let ready = try pairs(replies[3]), claimed = try pairs(replies[4]), expiry = try pairs(replies[5])
        let messages = try hash(replies[2]), claims = try hash(replies[6]), claimExpiry = try pairs(replies[7])
        let record = try hash(replies[1])
        let delayed = try pairs(replies[8]), deadLetters = try hash(replies[9])
        let seen = Int(replies[10].int ?? 0)
        let sizes = [record.count, messages.count, ready.count, claimed.count, expiry.count, claims.count, claimExpiry.count,
                     delayed.count, deadLetters.count, seen]
        let first = 11
        var infos: [KeyInfo] = []
        for (i, key) in keys.enumerated() {
            let type = replies[first + 2 * i].string ?? "?"
            infos.append(KeyInfo(key: key, type: type, size: type == "none" ? 0 : sizes[i], pttl: replies[first + 1 + 2 * i].int ?? -2))
        }
        let score = try await redis.send(
            RedisCommand("ZSCORE", [.string(Keys.queueIndex(project: queue.project)), .string(queue.name)]), on: loop)
        return QueueSnapshot(
            queue: queue, now: now, record: record, inIndex: score != .null, messages: messages,
            ready: ready, claimed: claimed, expiry: expiry, claims: claims, claimExpiry: claimExpiry,
            delayed: delayed, deadLetters: deadLetters, keys: infos)
    }

    /// Runs `commands` in `MULTI`/`EXEC` and returns EXEC's replies.
    static func transaction(_ commands: [RedisCommand], redis: RedisClient, on loop: any EventLoop) async throws -> [RESPValue] {
        _ = try await redis.send(RedisCommand("MULTI"), on: loop)
        do {
            for command in commands { _ = try await redis.send(command, on: loop) }
        } catch {
            _ = try? await redis.send(RedisCommand("DISCARD"), on: loop)
            throw error
        }
        guard let replies = try await redis.send(RedisCommand("EXEC"), on: loop).array else {
            throw InspectionError("the transaction was aborted")
        }
        return replies
    }

    static func hash(_ reply: RESPValue) throws -> [String: String] {
        let flat = reply.array ?? []
        guard flat.count % 2 == 0 else { throw InspectionError("odd HGETALL reply") }
        var out: [String: String] = [:]
        for i in stride(from: 0, to: flat.count, by: 2) {
            out[flat[i].string ?? ""] = flat[i + 1].string ?? ""
        }
        return out
    }

    static func pairs(_ reply: RESPValue) throws -> [(String, Int64)] {
        let flat = reply.array ?? []
        guard flat.count % 2 == 0 else { throw InspectionError("odd WITHSCORES reply") }
        var out: [(String, Int64)] = []
        out.reserveCapacity(flat.count / 2)
        for i in stride(from: 0, to: flat.count, by: 2) {
            // Scores are integers stored as doubles; Redis prints them without a fraction.
            let text = flat[i + 1].string ?? ""
            out.append((flat[i].string ?? "", Int64(text) ?? Int64(Double(text) ?? -1)))
        }
        return out
    }
}

/// Something the inspection could not read.
public struct InspectionError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
