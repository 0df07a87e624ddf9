import RedisClient

/// The only place that builds Redis key names; `lua/README.md` documents them in one table.
///
/// All keys of a queue share the hash tag `{<encoded project>/<queue>}` and so one Redis Cluster
/// slot; a project's queue index has the tag `{<encoded project>}` (its own slot). The project id
/// is percent-encoded (every byte outside `[A-Za-z0-9_.~-]` becomes `%XX`), which is injective and
/// never produces `/`, `{`, `}` or `:`; the global namespace is the empty string (a real project
/// id is never empty).
public enum Keys {
    /// Every project that has (or recently had) a queue, as members `<encoded project>` of one
    /// zset (all scores 0): where the sweeper starts its walk.
    public static let projectIndex = "cq:projects"
    /// Lease held by the gateway that currently runs the sweeper.
    public static let sweeperLease = "cq:sweeper"
    /// The single global index of earlier versions (members `<P>/<Q>`); only `reindex` reads it
    /// (through SCAN it finds the same queues), nothing writes it any more.
    public static let legacyQueueIndex = "cq:queues"

    /// A project's queues, as members `<queue>` of one zset (all scores 0, so `BYLEX` pages them
    /// in name order), in the project's own slot.
    public static func queueIndex(project: String?) -> String {
        queueIndex(encodedProject: encodeProject(project))
    }

    /// `queueIndex(project:)` for a project id already encoded (a member of `projectIndex`).
    public static func queueIndex(encodedProject: String) -> String {
        "cq:{" + encodedProject + "}:queues"
    }

    /// A project's request-rate token bucket (`rate_limit.lua`), shared by all gateways.
    public static func rateBucket(project: String?) -> String {
        "cq:rate:" + encodeProject(project)
    }

    /// The ten keys of a queue in the order every queue script takes them as KEYS[1...10].
    public static func queueKeys(_ queue: QueueRef) -> [String] {
        let tag = "cq:{" + indexMember(queue) + "}:"
        return queueKeySuffixes.map { tag + $0 }
    }

    /// The keys the subscription scripts take: the queue's record, then its subscriptions (a hash:
    /// id → record), their ids (a zset, scores 0, paged by id) and its subscribers (a hash:
    /// subscriber → id), all in the queue's slot.
    public static func subscriptionKeys(_ queue: QueueRef) -> [String] {
        let tag = "cq:{" + indexMember(queue) + "}:"
        return [tag + "queue", tag + "subscriptions", tag + "subscription_ids", tag + "subscribers"]
    }

    /// The queue's wake channel (sharded pub/sub, so it lives in the queue's slot): scripts that
    /// make messages claimable publish on it, long-polling gateways subscribe. The Lua prelude's
    /// `wake` derives the same name from the queue record key (`cq:{<P>/<Q>}:` + `wake`).
    public static func wakeChannel(_ queue: QueueRef) -> String {
        "cq:{" + indexMember(queue) + "}:wake"
    }

    /// The queue's record (a hash: created_at, metadata, last_seq, settings).
    public static func queueRecord(_ queue: QueueRef) -> String {
        "cq:{" + indexMember(queue) + "}:queue"
    }

    /// `<encoded project>/<queue>`: the queue's hash tag (inside the braces of its keys).
    public static func indexMember(_ queue: QueueRef) -> String {
        indexPrefix(project: queue.project) + queue.name
    }

    /// The prefix shared by the hash tags of a project's queues.
    public static func indexPrefix(project: String?) -> String {
        encodeProject(project) + "/"
    }

    /// Percent-encodes a project id for use inside key names.
    public static func encodeProject(_ project: String?) -> String {
        guard let project else { return "" }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(project.utf8.count)
        for byte in project.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"), UInt8(ascii: "-"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Keys {
    /// The queue a record key `cq:{<P>/<Q>}:queue` belongs to (what `reindex` finds with SCAN).
    public static func queueRef(recordKey key: String) -> QueueRef? {
        guard key.hasPrefix("cq:{"), key.hasSuffix("}:queue") else { return nil }
        return queueRef(indexMember: String(key.dropFirst(4).dropLast(7)))
    }

    /// The queue named `name` of the project whose encoded id is `encodedProject`.
    public static func queueRef(encodedProject: String, name: String) -> QueueRef {
        QueueRef(project: encodedProject.isEmpty ? nil : PercentDecoding.decode(encodedProject), name: name)
    }

    /// The queue a hash tag `<P>/<Q>` names (the inverse of `indexMember`).
    public static func queueRef(indexMember member: String) -> QueueRef? {
        guard let slash = member.firstIndex(of: "/") else { return nil }
        let encoded = member[..<slash]
        let name = String(member[member.index(after: slash)...])
        return QueueRef(project: encoded.isEmpty ? nil : PercentDecoding.decode(encoded), name: name)
    }
}

extension Keys {
    /// The suffixes of a queue's keys, in the order of `queueKeys` (for tools that name them).
    public static let queueKeySuffixes = [
        "queue", "messages", "ready", "claimed", "expiry", "claims", "claim_expiry",
        "delayed", "dead_letters", "dead_letters_seen",
    ]

    /// A `SCAN MATCH` pattern for every key of every queue (of one project, if given).
    public static func queueKeyPattern(project: String?) -> String {
        guard let project else { return "cq:{*}:*" }
        return "cq:{" + globEscaped(indexPrefix(project: project)) + "*}:*"
    }

    /// The queue a key of `queueKeys` belongs to (nil for other keys).
    public static func queueRef(key: String) -> QueueRef? {
        guard key.hasPrefix("cq:{"),
              let suffix = queueKeySuffixes.first(where: { key.hasSuffix("}:" + $0) }),
              key.utf8.count >= 4 + suffix.utf8.count + 2
        else { return nil }
        return queueRef(indexMember: String(key.dropFirst(4).dropLast(suffix.count + 2)))
    }

    private static func globEscaped(_ s: String) -> String {
        var out = ""
        for c in s {
            if "*?[]\\".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
