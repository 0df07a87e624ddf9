import CoreMetrics
import RedisClient

/// The store's metrics (swift-metrics API): the duration of each script call, by script, and the
/// messages posted, claimed and deleted. Metric objects are made once per store, so a call only
/// looks its timer up by script name.
final class StoreMetrics: Sendable {
    private let timers: [ScriptCatalogue.Name: Timer]
    let posted = Counter(label: "cq_messages_posted_total")
    let claimed = Counter(label: "cq_messages_claimed_total")
    let deleted = Counter(label: "cq_messages_deleted_total")

    init() {
        var timers: [ScriptCatalogue.Name: Timer] = [:]
        for name in ScriptCatalogue.Name.allCases {
            timers[name] = Timer(label: "cq_redis_script_duration_seconds", dimensions: [("script", name.rawValue)])
        }
        self.timers = timers
    }

    /// Records one successful script call: its duration, and the messages it moved.
    func record(_ name: ScriptCatalogue.Name, nanoseconds: Int64, arguments: Int, reply: RESPValue) {
        timers[name]?.recordNanoseconds(nanoseconds)
        switch name {
        case .messagePost:
            posted.increment(by: Int64((arguments - 1) / 3)) // client id, then id/ttl/body triples
        case .claimCreate:
            if case .array(let elements) = reply, elements.count > 1 { claimed.increment(by: Int64((elements.count - 1) / 4)) }
        case .messageDelete, .messageDeleteMany:
            if case .integer(let n) = reply, n > 0 { deleted.increment(by: n) }
        default:
            break
        }
    }
}
