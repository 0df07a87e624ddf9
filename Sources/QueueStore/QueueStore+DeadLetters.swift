import NIOCore
import RedisClient

/// Moving messages to a dead-letter queue (v2 `_max_claim_count` and `_dead_letter_queue`).
///
/// The two queues live in different slots, so no script can move a message from one to the other.
/// The move has three steps (lua/README.md, "Dead letters"): claim_create or message_pop puts the
/// message into the source queue's outbox atomically with taking it out of the queue; then
/// dead_letter_deliver adds it to the dead-letter queue, skipping ids that queue has received
/// before; then dead_letter_ack drops the outbox entry. The gateway runs steps 2 and 3 right after
/// the claim; a crash in between leaves the entry in the outbox, and the sweeper runs them again
/// (the skip makes the retry harmless). A dead letter is thus never lost and arrives once.
extension QueueStore {
    /// Delivers every dead letter waiting in `queue`'s outbox; returns how many were delivered.
    @discardableResult
    public func deliverDeadLetters(_ queue: QueueRef, on loop: (any EventLoop)? = nil) async throws(StoreError) -> Int {
        var delivered = 0
        for _ in 0..<1000 {
            let reply = try Self.array(await run(.deadLetterTake, queue, [.int(100)], on: loop))
            guard !reply.isEmpty else { break }
            guard reply.count % 5 == 0 else { throw .unexpectedReply("dead_letter_take of \(reply.count) elements") }
            var byQueue: [String: [RedisArgument]] = [:]
            var ids: [RedisArgument] = []
            var i = 0
            while i < reply.count {
                guard let id = reply[i].string, let dlq = reply[i + 1].string, let ttl = reply[i + 2].int,
                      let client = reply[i + 3].string, let body = reply[i + 4].string
                else { throw .unexpectedReply("dead letter at \(i)") }
                byQueue[dlq, default: []] += [.string(id), .int(Int(ttl)), .string(client), .string(body)]
                ids.append(.string(id))
                i += 5
            }
            for (name, arguments) in byQueue {
                let target = QueueRef(project: queue.project, name: name)
                let result = try Self.array(await run(.deadLetterDeliver, target, arguments, on: loop))
                if result.first?.int == 1 { try await addToIndex(target, on: loop) }
            }
            _ = try await run(.deadLetterAck, queue, ids, on: loop)
            delivered += ids.count
        }
        return delivered
    }
}
