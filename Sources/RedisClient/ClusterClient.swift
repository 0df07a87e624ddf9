import Logging
import NIOConcurrencyHelpers
import NIOCore

/// A Redis Cluster client: keeps the slot map (`CLUSTER SLOTS`), sends each command to the
/// master of its key's hash slot through a `RedisClient` per master, and follows the cluster's
/// redirections.
///
/// Only replies that prove the command did not run are retried: `MOVED` (the map is patched at
/// once and refreshed in the background, then the command goes to the new owner), `ASK` (`ASKING`
/// and the command in one write to the importing node), `TRYAGAIN` and `CLUSTERDOWN` (short
/// back-off while a slot migrates or a failover completes), and a connection that could not be
/// made (the node may have left: the map is refreshed first). A command whose connection dropped
/// or timed out in flight is never retried, as with `RedisClient`.
public final class ClusterClient: RedisExecutor {
    public let seeds: [RedisEndpoint]
    private let group: any EventLoopGroup
    private let configuration: RedisClientConfiguration
    private let logger: Logger
    private let state = NIOLockedValueBox(State())

    private struct State {
        var map: ClusterSlotMap?
        var nodes: [String: RedisClient] = [:]
        var refresh: Task<ClusterSlotMap, any Error>?
        var lastRefresh: NIODeadline = .uptimeNanoseconds(0)
        /// Scripts to load on every master, including masters that join later.
        var scripts: [RedisScript] = []
        var scriptsLoadedOn: Set<String> = []
        var closed = false
    }

    /// Redirections one command may follow before it fails.
    static let maxAttempts = 32
    /// The slot map is refreshed at most this often after `MOVED` replies.
    static let refreshInterval = TimeAmount.milliseconds(100)

    public init(
        seeds: [RedisEndpoint],
        eventLoopGroup: any EventLoopGroup,
        configuration: RedisClientConfiguration = .init(),
        logger: Logger = Logger(label: "redis-cluster")
    ) {
        precondition(!seeds.isEmpty, "a cluster client needs at least one seed node")
        self.seeds = seeds
        self.group = eventLoopGroup
        self.configuration = configuration
        self.logger = logger
    }

    // MARK: RedisExecutor

    public func send(_ command: RedisCommand, key: String?, on eventLoop: (any EventLoop)?) async throws -> RESPValue {
        try await execute(slot: key.map(HashSlot.of)) { node, asking in
            asking ? try await node.sendAsking(command, on: eventLoop) : try await node.send(command, on: eventLoop)
        }
    }

    public func run(
        _ script: RedisScript, keys: [String], arguments: [RedisArgument], on eventLoop: (any EventLoop)?
    ) async throws -> RESPValue {
        try await execute(slot: keys.first.map(HashSlot.of)) { node, asking in
            asking
                ? try await node.runAsking(script, keys: keys, arguments: arguments, on: eventLoop)
                : try await node.run(script, keys: keys, arguments: arguments, on: eventLoop)
        }
    }

    /// Loads the scripts on every master now, and remembers them for masters that join later
    /// (a master that still lacks one answers `NOSCRIPT`, and `RedisClient.run` loads it then).
    public func load(_ scripts: [RedisScript]) async throws {
        state.withLockedValue { $0.scripts = scripts }
        let map = try await currentMap()
        for address in map.masters {
            try await node(address).load(scripts)
            state.withLockedValue { _ = $0.scriptsLoadedOn.insert(address) }
        }
    }

    public func masters() async throws -> [RedisClient] {
        try await currentMap().masters.map(node)
    }

    public var connectedCount: Int {
        state.withLockedValue { Array($0.nodes.values) }.reduce(0) { $0 + $1.connectedCount }
    }

    public func poolStatus() async -> RedisPoolStatus {
        let nodes: [RedisClient] = state.withLockedValue { Array($0.nodes.values) }
        var total = RedisPoolStatus(slots: 0, connected: 0, inFlight: 0)
        for node in nodes {
            let status = await node.poolStatus()
            total.slots += status.slots
            total.connected += status.connected
            total.inFlight += status.inFlight
        }
        return total
    }

    public func close() async {
        let nodes: [RedisClient] = state.withLockedValue { state in
            state.closed = true
            state.refresh?.cancel()
            return Array(state.nodes.values)
        }
        for node in nodes { await node.close() }
    }

    /// The slot map in use (fetched first if there is none yet).
    public func slotMap() async throws -> ClusterSlotMap { try await currentMap() }

    // MARK: Routing

    private func execute(
        slot: Int?, _ operation: (RedisClient, _ asking: Bool) async throws -> RESPValue
    ) async throws -> RESPValue {
        var redirect: String?
        var asking = false
        var pause = TimeAmount.milliseconds(2)
        var unreachable = 0
        let deadline = NIODeadline.now() + max(configuration.commandTimeout * 2, .seconds(2))
        var last = RedisError.unavailable("no cluster node tried")
        for attempt in 0..<Self.maxAttempts {
            let address: String
            if let redirect { address = redirect } else { address = try await self.address(forSlot: slot) }
            do {
                return try await operation(node(address), asking)
            } catch RedisError.server(let message) {
                guard let reply = ClusterRedirect(errorMessage: message) else { throw RedisError.server(message) }
                last = .unavailable(message)
                switch reply {
                case .moved(let movedSlot, let target):
                    logger.debug("MOVED", metadata: ["redis.slot": "\(movedSlot)", "redis.node": "\(target)"])
                    state.withLockedValue { $0.map?.assign(slot: movedSlot, to: target) }
                    refreshSoon()
                    if attempt >= 3 {
                        // Nodes that still disagree about the slot (a config change spreading):
                        // give them a moment instead of bouncing between them.
                        guard NIODeadline.now() + pause < deadline else { throw last }
                        try await Task.sleep(nanoseconds: UInt64(pause.nanoseconds))
                        pause = min(pause * 2, .milliseconds(100))
                    }
                    redirect = target
                    asking = false
                case .ask(let askSlot, let target):
                    logger.debug("ASK", metadata: ["redis.slot": "\(askSlot)", "redis.node": "\(target)"])
                    redirect = target
                    asking = true
                case .tryAgain, .clusterDown:
                    // Start over at the slot's owner: the migration or failover may be over by then.
                    logger.debug("\(reply == .tryAgain ? "TRYAGAIN" : "CLUSTERDOWN"), retrying", metadata: ["redis.slot": "\(slot ?? -1)"])
                    if reply == .clusterDown { refreshSoon() }
                    guard NIODeadline.now() + pause < deadline else { throw last }
                    try await Task.sleep(nanoseconds: UInt64(pause.nanoseconds))
                    pause = min(pause * 2, .milliseconds(100))
                    redirect = nil
                    asking = false
                }
            } catch RedisError.unavailable(let why) {
                // Nothing was sent: the node may have left the cluster; ask the others.
                last = .unavailable(why)
                unreachable += 1
                guard unreachable <= 2 else { throw last }
                _ = try? await refresh()
                redirect = nil
                asking = false
            } catch let error as RedisError where error == .connectionLost || error == .timeout {
                refreshSoon()
                throw error
            }
        }
        throw RedisError.unavailable("too many cluster redirections (last: \(last))")
    }

    /// The master serving `key`'s slot, for a subscriber connection (sharded pub/sub channels
    /// live in slots); `refreshing` first re-reads the slot map (after a `MOVED` or a dropped
    /// subscription).
    public func node(forKey key: String, refreshing: Bool) async throws -> RedisClient {
        if refreshing { try await refresh() }
        return node(try await address(forSlot: HashSlot.of(key)))
    }

    /// The master for `slot` (any master for a command without keys).
    private func address(forSlot slot: Int?) async throws -> String {
        func pick(_ map: ClusterSlotMap) -> String? {
            guard let slot else { return map.masters.randomElement() }
            return map.address(forSlot: slot)
        }
        if let map = state.withLockedValue({ $0.map }), let address = pick(map) { return address }
        if let address = pick(try await refresh()) { return address }
        throw RedisError.unavailable("CLUSTERDOWN no master serves slot \(slot.map(String.init) ?? "-")")
    }

    private func node(_ address: String) -> RedisClient {
        state.withLockedValue { state in
            if let client = state.nodes[address] { return client }
            var endpoint = seeds[0]
            if let (host, port) = splitAddress(address) { endpoint.address = .tcp(host: host, port: port) }
            let client = RedisClient(endpoint: endpoint, eventLoopGroup: group, configuration: configuration, logger: logger)
            state.nodes[address] = client
            return client
        }
    }

    // MARK: Slot map

    private func currentMap() async throws -> ClusterSlotMap {
        if let map = state.withLockedValue({ $0.map }) { return map }
        return try await refresh()
    }

    /// Refreshes the map in the background unless that was done within `refreshInterval`.
    private func refreshSoon() {
        let due = state.withLockedValue { state in
            state.refresh == nil && !state.closed && NIODeadline.now() - state.lastRefresh > Self.refreshInterval
        }
        if due { Task { _ = try? await self.refresh() } }
    }

    /// Fetches `CLUSTER SLOTS` (one fetch at a time; concurrent callers share it).
    @discardableResult
    func refresh() async throws -> ClusterSlotMap {
        let task: Task<ClusterSlotMap, any Error> = state.withLockedValue { state in
            if let running = state.refresh { return running }
            let task = Task { try await self.fetchMap() }
            state.refresh = task
            return task
        }
        return try await task.value
    }

    private func fetchMap() async throws -> ClusterSlotMap {
        let known = state.withLockedValue { $0.map?.masters ?? [] }
        var candidates: [String] = []
        for seed in seeds {
            if case .tcp(let host, let port) = seed.address { candidates.append(host + ":" + String(port)) }
        }
        for address in known.reversed() where !candidates.contains(address) { candidates.insert(address, at: 0) }
        var failure: any Error = RedisError.unavailable("no cluster node known")
        for address in candidates {
            do {
                let reply = try await node(address).send(RedisCommand("CLUSTER", ["SLOTS"]))
                let map = try ClusterSlotMap.parse(reply, defaultHost: splitAddress(address)?.host ?? "127.0.0.1")
                guard map.coveredSlots > 0 else {
                    failure = RedisError.unavailable("CLUSTERDOWN \(address) serves no slots")
                    continue
                }
                install(map)
                return map
            } catch {
                failure = error
            }
        }
        state.withLockedValue { $0.refresh = nil }
        throw RedisError.unavailable("no cluster node answered CLUSTER SLOTS: \(failure)")
    }

    /// Puts a fresh map in place and loads the scripts on masters that have not had them yet.
    private func install(_ map: ClusterSlotMap) {
        let (changed, fresh, scripts): (Bool, [String], [RedisScript]) = state.withLockedValue { state in
            let changed = state.map?.masters.sorted() != map.masters.sorted()
            state.map = map
            state.refresh = nil
            state.lastRefresh = .now()
            let fresh = state.scripts.isEmpty ? [] : map.masters.filter { !state.scriptsLoadedOn.contains($0) }
            return (changed, fresh, state.scripts)
        }
        if changed {
            logger.info("cluster slot map", metadata: ["redis.masters": "\(map.masters.joined(separator: ","))", "redis.slots": "\(map.coveredSlots)"])
        }
        for address in fresh {
            Task {
                do {
                    try await self.node(address).load(scripts)
                    self.state.withLockedValue { _ = $0.scriptsLoadedOn.insert(address) }
                } catch {
                    self.logger.debug("could not load scripts on new master", metadata: ["redis.node": "\(address)", "error": "\(error)"])
                }
            }
        }
    }
}
