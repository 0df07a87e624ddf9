import QueueStore

/// Checks one queue's snapshot against the invariants of `lua/README.md`:
/// the queue record and the index agree; every id in `ready`, `claimed`, `delayed` and `expiry`
/// has its record and every record is in exactly one of `ready`/`claimed`/`delayed` and in
/// `expiry`, with the record's sequence number (none yet while delayed) and expiry as scores; a
/// dead letter waiting in the outbox is no longer a message of the queue; the counts agree; every claim has
/// its expiry entry and a parsable record; no message is in two live claims; a message held in
/// `claimed` belongs to a claim, a message of a live claim is not `ready` and does not expire
/// before the claim; keys have their types and no TTL (queue keys must never vanish on their own).
public enum InvariantChecker {
    static let expectedTypes = ["hash", "hash", "zset", "zset", "zset", "hash", "zset", "zset", "hash", "zset"]

    public static func check(_ s: QueueSnapshot) -> [Violation] {
        var out: [Violation] = []
        func add(_ code: String, _ detail: String) { out.append(Violation(code, s.queue, detail)) }

        let exists = !s.record.isEmpty
        if exists && !s.inIndex { add("not_in_index", "the queue record exists but the project's queue index (\(Keys.queueIndex(project: s.queue.project))) does not list the queue") }
        if !exists && s.inIndex { add("index_without_record", "the project's queue index (\(Keys.queueIndex(project: s.queue.project))) lists the queue but it has no record") }
        if !exists {
            for info in s.keys.dropFirst() where info.type != "none" {
                add("orphan_key", "\(info.key) exists but the queue does not")
            }
        }
        for (info, expected) in zip(s.keys, expectedTypes) where info.type != "none" {
            if info.type != expected { add("wrong_type", "\(info.key) is a \(info.type), expected a \(expected)") }
            if info.pttl >= 0 { add("unexpected_ttl", "\(info.key) has a TTL of \(info.pttl) ms; queue keys must not expire") }
        }
        if exists {
            if s.record["created_at"].flatMap({ Int64($0) }) == nil { add("bad_queue_record", "created_at is missing or not an integer") }
            if s.record["last_seq"] != nil, s.record["last_seq"].flatMap({ Int64($0) }) == nil {
                add("bad_queue_record", "last_seq is not an integer")
            }
        }
        let lastSeq = s.record["last_seq"].flatMap { Int64($0) } ?? 0

        // Messages and the three sets.
        let ready = Dictionary(s.ready, uniquingKeysWith: { a, _ in a })
        let claimed = Dictionary(s.claimed, uniquingKeysWith: { a, _ in a })
        let expiry = Dictionary(s.expiry, uniquingKeysWith: { a, _ in a })
        let delayed = Dictionary(s.delayed, uniquingKeysWith: { a, _ in a })
        var records: [String: MessageRecord] = [:]
        for (id, text) in s.messages.sorted(by: { $0.key < $1.key }) {
            guard let record = MessageRecord(text) else { add("bad_message_record", "message \(id): \(text.prefix(80))"); continue }
            records[id] = record
            let inReady = ready[id], inClaimed = claimed[id]
            if delayed[id] != nil {
                if inReady != nil || inClaimed != nil { add("delayed_message_ready_or_claimed", "message \(id) is delayed and also ready or claimed") }
                if record.seq != 0 { add("delayed_message_with_sequence", "message \(id) is delayed but has seq=\(record.seq)") }
            } else {
                switch (inReady, inClaimed) {
                case (nil, nil): add("message_not_in_ready_or_claimed", "message \(id) is in none of ready, claimed, delayed")
                case (.some, .some): add("message_in_ready_and_claimed", "message \(id) is in both ready and claimed")
                default:
                    let score = inReady ?? inClaimed!
                    if score != record.seq { add("sequence_mismatch", "message \(id): record seq=\(record.seq), score \(score)") }
                }
            }
            if s.deadLetters[id] != nil { add("dead_letter_still_a_message", "message \(id) is in the dead-letter outbox and still in the queue") }
            if let score = expiry[id] {
                if score != record.expires { add("expiry_mismatch", "message \(id): record expires=\(record.expires), expiry score \(score)") }
            } else {
                add("message_without_expiry", "message \(id) is not in expiry")
            }
            if record.seq > lastSeq { add("sequence_beyond_last_seq", "message \(id): seq=\(record.seq) > last_seq=\(lastSeq)") }
        }
        for (name, set) in [("ready", s.ready), ("claimed", s.claimed), ("delayed", s.delayed), ("expiry", s.expiry)] {
            for (id, _) in set where s.messages[id] == nil {
                add("missing_record", "\(name) holds \(id), which has no message record")
            }
        }
        if s.messages.count != s.ready.count + s.claimed.count + s.delayed.count || s.messages.count != s.expiry.count {
            add("count_mismatch", "messages=\(s.messages.count) ready=\(s.ready.count) claimed=\(s.claimed.count) delayed=\(s.delayed.count) expiry=\(s.expiry.count); expected messages = ready + claimed + delayed = expiry")
        }

        // Claims.
        let claimExpiry = Dictionary(s.claimExpiry, uniquingKeysWith: { a, _ in a })
        var holders: [String: [String]] = [:]     // message id → live claims listing it
        var anyClaim: Set<String> = []            // message ids listed by any claim
        for (cid, text) in s.claims.sorted(by: { $0.key < $1.key }) {
            guard let claim = ClaimRecord(text) else { add("bad_claim_record", "claim \(cid): \(text.prefix(80))"); continue }
            if let score = claimExpiry[cid] {
                if score != claim.expires { add("claim_expiry_mismatch", "claim \(cid): record expires=\(claim.expires), claim_expiry score \(score)") }
            } else {
                add("claim_without_expiry", "claim \(cid) is not in claim_expiry")
            }
            anyClaim.formUnion(claim.messages)
            guard claim.expires > s.now else { continue }
            for id in claim.messages {
                guard let record = records[id] else { continue } // deleted since: skipped on read
                holders[id, default: []].append(cid)
                if ready[id] != nil { add("live_claim_message_ready", "message \(id) of live claim \(cid) is in ready") }
                if record.expires < claim.expires {
                    add("claimed_message_expires_first", "message \(id) expires at \(record.expires), before its live claim \(cid) (\(claim.expires))")
                }
            }
        }
        for (id, cids) in holders.sorted(by: { $0.key < $1.key }) where cids.count > 1 {
            add("message_in_two_live_claims", "message \(id) is held by live claims \(cids.sorted().joined(separator: ", "))")
        }
        for (cid, _) in s.claimExpiry where s.claims[cid] == nil {
            add("claim_expiry_without_claim", "claim_expiry holds \(cid), which has no claim record")
        }
        for (id, _) in s.claimed where s.messages[id] != nil && !anyClaim.contains(id) {
            add("claimed_without_claim", "message \(id) is in claimed but no claim lists it")
        }
        return out
    }
}
