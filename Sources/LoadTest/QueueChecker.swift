/// Bookkeeping of a run's messages that decides whether the queues behaved: nothing lost, no
/// message handed out by two live claims, nothing delivered that was not posted. Pure: it is fed
/// events (times in seconds on one monotonic clock) and knows nothing about HTTP.
///
/// Message keys must be unique in the run; qualify ids with their queue (`queue/id`).
public struct QueueChecker: Sendable {
    /// One observation from a worker.
    public enum Event: Sendable, Equatable {
        /// A POST acknowledged this message (201) at `at` with its `ttl`.
        case posted(message: String, at: Double, ttl: Int, tag: String? = nil)
        /// A POST whose outcome is unknown (5xx, timeout, broken connection) carried these tags:
        /// if such a message turns up it is counted as unacknowledged, not phantom.
        case uncertainPost(tags: [String])
        /// A claim `claim` with `claimTTL` handed out this message; its reply arrived at `at`.
        case claimed(message: String, claim: String, at: Double, claimTTL: Int, tag: String? = nil)
        /// An observer listed this message at `at`.
        case observed(message: String, at: Double, tag: String? = nil)
        /// A DELETE with `claim` succeeded (204) at `at`.
        case deleted(message: String, claim: String, at: Double)
    }

    private struct Claim {
        var id: String
        var at: Double
        var ttl: Int
    }

    private struct Record {
        var postedAt: Double?
        var ttl = 0
        var tag: String?
        var claims: [Claim] = []
        var observed = false
        var deletedAt: [Double] = []
    }

    /// Slack for clock and latency differences when comparing a claim's start with another's end
    /// and a message's expiry with the end of the run.
    public var tolerance: Double
    private var records: [String: Record] = [:]
    private var uncertainTags: Set<String> = []

    public init(tolerance: Double = 1) { self.tolerance = tolerance }

    /// Records one event; events may arrive in any order.
    public mutating func record(_ event: Event) {
        switch event {
        case let .posted(message, at, ttl, tag):
            records[message, default: Record()].postedAt = at
            records[message]!.ttl = ttl
            if let tag { records[message]!.tag = tag }
        case let .uncertainPost(tags):
            uncertainTags.formUnion(tags)
        case let .claimed(message, claim, at, claimTTL, tag):
            records[message, default: Record()].claims.append(Claim(id: claim, at: at, ttl: claimTTL))
            if let tag { records[message]!.tag = tag }
        case let .observed(message, _, tag):
            records[message, default: Record()].observed = true
            if let tag { records[message]!.tag = tag }
        case let .deleted(message, _, at):
            records[message, default: Record()].deletedAt.append(at)
        }
    }

    /// Records several events.
    public mutating func record(_ events: [Event]) {
        for event in events { record(event) }
    }

    /// The verdict at `end` (seconds, same clock as the events).
    public func report(at end: Double) -> CheckerReport {
        var r = CheckerReport()
        var examples: [String: [String]] = [:]
        func example(_ counter: String, _ key: String) {
            if examples[counter, default: []].count < 5 { examples[counter, default: []].append(key) }
        }
        for (key, record) in records {
            let delivered = !record.claims.isEmpty || record.observed
            if !record.claims.isEmpty { r.delivered += 1 }
            if record.observed { r.observed += 1 }
            if !record.deletedAt.isEmpty { r.deleted += 1 }
            if let postedAt = record.postedAt {
                r.posted += 1
                if !delivered {
                    if end < postedAt + Double(record.ttl) - tolerance {
                        r.lost += 1
                        example("lost", key)
                    } else {
                        r.expiredUndelivered += 1
                    }
                }
            } else if delivered {
                if let tag = record.tag, uncertainTags.contains(tag) {
                    r.unacknowledgedDelivered += 1
                } else {
                    r.phantom += 1
                    example("phantom", key)
                }
            }
            var claimIDs: Set<String> = []
            var liveUntil = -Double.infinity  // end of the latest earlier claim
            for claim in record.claims.sorted(by: { $0.at < $1.at }) where claimIDs.insert(claim.id).inserted {
                defer { liveUntil = max(liveUntil, claim.at + Double(claim.ttl)) }
                guard claimIDs.count > 1 else { continue }
                if record.deletedAt.contains(where: { $0 <= claim.at }) {
                    r.claimedAfterDelete += 1
                } else if claim.at < liveUntil - tolerance {
                    r.overlappingClaims += 1
                    example("overlapping_claims", key)
                } else {
                    r.redeliveredAfterLapse += 1
                }
            }
        }
        r.examples = examples.mapValues { $0.sorted() }
        return r
    }
}
