import QueueInspection

/// The text output of `inspect queues` and `inspect queue`.
enum InspectText {
    static func queues(_ queues: [QueueSummary]) -> String {
        var lines = ["project\tqueue\tmessages\tready\tclaimed\tdelayed\tdead_letters\tclaims\tlive_claims\tlast_seq"]
        for q in queues {
            lines.append([q.project ?? "\"\"", q.name, "\(q.messages)", "\(q.ready)", "\(q.claimed)", "\(q.delayed)", "\(q.deadLetters)", "\(q.claims)",
                          "\(q.liveClaims)", q.lastSeq.map(String.init) ?? "-"].joined(separator: "\t"))
        }
        lines.append("\(queues.count) queue(s)")
        return lines.joined(separator: "\n")
    }

    static func queue(_ r: QueueReport) -> String {
        var lines: [String] = []
        lines.append("queue \(r.project ?? "\"\"")/\(r.name): \(r.exists ? "exists" : "does not exist")\(r.inIndex ? ", indexed" : ", not in the index")")
        lines.append("counters: created_at=\(r.createdAt.map(String.init) ?? "-") last_seq=\(r.lastSeq.map(String.init) ?? "-") metadata_bytes=\(r.metadataBytes.map(String.init) ?? "-") redis_time_ms=\(r.redisTimeMs)")
        lines.append("keys:")
        for k in r.keys {
            let ttl = k.pttl == -1 ? "no ttl" : k.pttl == -2 ? "-" : "ttl \(k.pttl) ms"
            lines.append("  \(k.key)\t\(k.type)\tsize \(k.size)\t\(ttl)")
        }
        func messages(_ title: String, _ entries: [QueueReport.MessageEntry]) {
            lines.append("\(title) (\(entries.count)):")
            for m in entries {
                let expires = m.expiresInMs.map { $0 > 0 ? "expires in \($0 / 1000) s" : "EXPIRED \(-$0 / 1000) s ago" } ?? "NO RECORD"
                let due = m.dueInMs.map { "\tdue in \(max(0, $0) / 1000) s" } ?? ""
                lines.append("  seq \(m.seq)\t\(m.id)\tttl \(m.ttl.map(String.init) ?? "-")\t\(expires)\(due)\tclaimed \(m.claims.map(String.init) ?? "-")x\tbody \(m.bodyBytes.map(String.init) ?? "-") B\tclient \(m.client ?? "-")")
            }
        }
        messages("ready, in order", r.ready)
        messages("in flight (claimed), in order", r.inFlight)
        messages("delayed, by due time", r.delayed)
        lines.append("dead letters waiting for delivery (\(r.deadLetters.count))\(r.deadLetters.isEmpty ? "" : ": " + r.deadLetters.joined(separator: ","))")
        lines.append("claims (\(r.claims.count)):")
        for c in r.claims {
            let state = c.live ? "live, lapses in \((c.expiresInMs ?? 0) / 1000) s" : "LAPSED (not yet requeued)"
            lines.append("  \(c.id)\t\(state)\tttl \(c.ttl.map(String.init) ?? "-") grace \(c.grace.map(String.init) ?? "-")\tmessages \(c.messages.joined(separator: ","))")
        }
        return lines.joined(separator: "\n")
    }
}
