import NIOCore
import QueueStore
import RedisClient

/// Reads queues straight from Redis for `cloud-queues inspect`: key names come from `Keys`,
/// record formats from `lua/README.md`. Read-only.
public struct Inspector: Sendable {
    let redis: RedisClient
    let loop: any EventLoop

    /// `redis` must be used by nobody else on `loop`'s connection (transactions run there).
    public init(redis: RedisClient, loop: any EventLoop) {
        self.redis = redis
        self.loop = loop
    }

    /// The queues of the indexes (of one project, if given): projects from `cq:projects`, then
    /// each project's queue index, in name order.
    public func queueRefs(project: String?) async throws -> [QueueRef] {
        let encodedProjects: [String]
        if let project {
            encodedProjects = [Keys.encodeProject(project)]
        } else {
            let members = try await redis.send(RedisCommand("ZRANGE", [.string(Keys.projectIndex), "0", "-1"]), on: loop).array ?? []
            encodedProjects = members.compactMap(\.string)
        }
        var refs: [QueueRef] = []
        for encoded in encodedProjects {
            let names = try await redis.send(
                RedisCommand("ZRANGE", [.string(Keys.queueIndex(encodedProject: encoded)), "0", "-1"]), on: loop).array ?? []
            refs += names.compactMap { $0.string.map { Keys.queueRef(encodedProject: encoded, name: $0) } }
        }
        return refs
    }

    /// Each queue with its counts.
    public func queues(project: String?) async throws -> [QueueSummary] {
        var out: [QueueSummary] = []
        for queue in try await queueRefs(project: project) {
            out.append(QueueSummary(try await QueueSnapshot.read(queue, redis: redis, on: loop)))
        }
        return out
    }

    /// One queue in full.
    public func queue(_ queue: QueueRef) async throws -> QueueReport {
        QueueReport(try await QueueSnapshot.read(queue, redis: redis, on: loop))
    }

    /// Every violation in the queues of the index and in queue keys that no indexed queue owns
    /// (narrowed to a project and/or a queue), plus the sweeper lease.
    public func check(project: String?, queue name: String?) async throws -> CheckReport {
        var queues: [QueueRef]
        if let name {
            queues = [QueueRef(project: project, name: name)]
        } else {
            queues = try await queueRefs(project: project)
            // Keys of queues the index does not list (a queue deleted or created half-way).
            let indexed = Set(queues)
            var orphans = Set<QueueRef>()
            var cursor = "0"
            repeat {
                let reply = try await redis.send(RedisCommand("SCAN", [
                    .string(cursor), "MATCH", .string(Keys.queueKeyPattern(project: project)), "COUNT", "1000",
                ]), on: loop).array ?? []
                cursor = reply.first?.string ?? "0"
                for key in reply.dropFirst().first?.array ?? [] {
                    if let ref = key.string.flatMap(Keys.queueRef(key:)), !indexed.contains(ref),
                       ref.project == project || project == nil {
                        orphans.insert(ref)
                    }
                }
            } while cursor != "0"
            queues += orphans.sorted { Keys.indexMember($0) < Keys.indexMember($1) }
        }
        var violations: [Violation] = []
        for queue in queues {
            violations += InvariantChecker.check(try await QueueSnapshot.read(queue, redis: redis, on: loop))
        }
        let leaseTTL = try await redis.send(RedisCommand("PTTL", [.string(Keys.sweeperLease)]), on: loop).int ?? -2
        if leaseTTL == -1 {
            violations.append(Violation("lease_without_ttl", nil, "\(Keys.sweeperLease) has no TTL: no gateway would ever sweep again"))
        }
        return CheckReport(queuesChecked: queues.count, violations: violations)
    }
}
