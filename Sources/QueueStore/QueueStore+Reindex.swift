import NIOCore
import RedisClient

/// What `reindex` changed.
public struct ReindexReport: Sendable, Equatable, CustomStringConvertible {
    /// Queue records seen by SCAN on every master.
    public var queuesFound = 0
    /// Queues that were missing from their project's index (or projects missing from `cq:projects`).
    public var entriesAdded = 0
    /// Index entries of queues that do not exist.
    public var entriesRemoved = 0

    public init() {}

    public var description: String {
        "\(queuesFound) queues found, \(entriesAdded) index entries added, \(entriesRemoved) stale entries removed"
    }
}

extension QueueStore {
    /// Rebuilds the indexes from the queues themselves: SCANs every master for queue records
    /// (`cq:{<P>/<Q>}:queue`) and indexes each one, then walks the indexes and drops entries of
    /// queues that do not exist. Safe while gateways serve traffic (each step follows the rules in
    /// `QueueStore+Index.swift`); also the upgrade step from the single global index `cq:queues`.
    public func reindex() async throws(StoreError) -> ReindexReport {
        var report = ReindexReport()
        let masters: [RedisClient]
        do { masters = try await redis.masters() } catch { throw StoreError.from(error) }
        for master in masters {
            var cursor = "0"
            repeat {
                let reply: RESPValue
                do {
                    reply = try await master.send(RedisCommand("SCAN", [
                        .string(cursor), "MATCH", "cq:{*}:queue", "COUNT", "1000", "TYPE", "hash",
                    ]))
                } catch {
                    throw StoreError.from(error)
                }
                let parts = try Self.array(reply)
                guard parts.count == 2, let next = parts[0].string else { throw .unexpectedReply("SCAN reply") }
                cursor = next
                for key in try Self.array(parts[1]).compactMap(\.string) {
                    guard let queue = Keys.queueRef(recordKey: key) else { continue }
                    report.queuesFound += 1
                    if try await indexIfMissing(queue) { report.entriesAdded += 1 }
                }
            } while cursor != "0"
        }
        var afterProject: String?
        while true {
            let projects = try await projectsPage(after: afterProject, count: 100)
            for project in projects {
                var afterQueue: String?
                while true {
                    let names = try await queuesPage(encodedProject: project, after: afterQueue, count: 100)
                    for name in names {
                        let queue = Keys.queueRef(encodedProject: project, name: name)
                        if !(try await queueExists(queue)), try await dropIndexEntry(queue) { report.entriesRemoved += 1 }
                    }
                    guard let last = names.last, names.count == 100 else { break }
                    afterQueue = last
                }
                try await pruneProject(project)
            }
            guard let last = projects.last, projects.count == 100 else { return report }
            afterProject = last
        }
    }

    /// Indexes a queue found by SCAN; true if an entry was missing. A delete that ran meanwhile
    /// is caught by checking the record again after the add.
    private func indexIfMissing(_ queue: QueueRef) async throws(StoreError) -> Bool {
        let index = Keys.queueIndex(project: queue.project)
        let project = Keys.encodeProject(queue.project)
        let added = try Self.int(await command(index, "ZADD", [.string(index), "NX", "0", .string(queue.name)], on: nil))
        let projectAdded = try Self.int(await command(
            Keys.projectIndex, "ZADD", [.string(Keys.projectIndex), "NX", "0", .string(project)], on: nil))
        if added > 0, !(try await queueExists(queue)) {
            try await dropIndexEntry(queue)
            return false
        }
        return added + projectAdded > 0
    }
}
