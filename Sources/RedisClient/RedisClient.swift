import Logging
import NIOConcurrencyHelpers
import NIOCore

/// A small pool of pipelined connections to one Redis: `connectionsPerEventLoop` on each event
/// loop of the group, so a request served on an event loop talks to Redis without a thread hop.
///
/// Commands are never retried after a failure that leaves it unknown whether they ran
/// (`.connectionLost`, `.timeout`); the only retries are EVALSHA after `NOSCRIPT`, and, when
/// the master is found through sentinels, a command a demoted master refused with `READONLY`:
/// both mean the command did not run.
public final class RedisClient: Sendable {
    public let endpoint: RedisEndpoint
    let group: any EventLoopGroup
    /// Where connections go when that can change (Sentinel); nil: always `endpoint`.
    let connector: (any RedisConnector)?
    private let slotsByLoop: [ObjectIdentifier: [ConnectionSlot]]
    private let allSlots: [ConnectionSlot]
    private let roundRobin = NIOLockedValueBox(0)
    let logger: Logger
    let configuration: RedisClientConfiguration
    /// Whether the master is found through sentinels (a `READONLY` reply is then retried once).
    let followsFailover: Bool

    public init(
        endpoint: RedisEndpoint,
        eventLoopGroup: any EventLoopGroup,
        configuration: RedisClientConfiguration = .init(),
        connector: (any RedisConnector)? = nil,
        logger: Logger = Logger(label: "redis")
    ) {
        self.endpoint = endpoint
        self.group = eventLoopGroup
        self.logger = logger
        self.configuration = configuration
        self.followsFailover = connector != nil
        self.connector = connector
        var byLoop: [ObjectIdentifier: [ConnectionSlot]] = [:]
        var all: [ConnectionSlot] = []
        for loop in eventLoopGroup.makeIterator() {
            let slots = (0..<configuration.connectionsPerEventLoop).map { _ in
                ConnectionSlot(eventLoop: loop, endpoint: endpoint, configuration: configuration, connector: connector)
            }
            byLoop[ObjectIdentifier(loop)] = slots
            all += slots
        }
        self.slotsByLoop = byLoop
        self.allSlots = all
    }

    /// Sends one command on a connection of `eventLoop` (or of any loop).
    public func send(_ command: RedisCommand, on eventLoop: (any EventLoop)? = nil) async throws -> RESPValue {
        try await send(command, slot: slot(for: eventLoop)).get()
    }

    /// Runs a script with EVALSHA; on `NOSCRIPT` loads it and tries once more (RedisClient+Scripts).
    public func run(
        _ script: RedisScript,
        keys: [String],
        arguments: [RedisArgument],
        on eventLoop: (any EventLoop)? = nil
    ) async throws -> RESPValue {
        var args: [RedisArgument] = [.string(script.sha1), .int(keys.count)]
        args.reserveCapacity(2 + keys.count + arguments.count)
        for key in keys { args.append(.string(key)) }
        args += arguments
        let evalsha = RedisCommand("EVALSHA", args)
        return try await send(evalsha, of: script, slot: slot(for: eventLoop)).get()
    }

    /// Loads scripts into the Redis script cache (at start-up, so syntax errors show at once).
    public func load(_ scripts: [RedisScript]) async throws {
        for script in scripts {
            let reply = try await send(RedisCommand("SCRIPT", ["LOAD", .string(script.source)]))
            guard reply.string == script.sha1 else {
                throw RedisError.protocolError("SCRIPT LOAD of \(script.name) returned \(reply), expected \(script.sha1)")
            }
        }
    }

    /// Number of live connections (for health and metrics).
    public var connectedCount: Int { allSlots.filter(\.isConnected).count }

    /// The pool right now: live connections and commands in flight (for metrics).
    public func poolStatus() async -> RedisPoolStatus {
        var status = RedisPoolStatus(slots: allSlots.count, connected: 0, inFlight: 0)
        for slot in allSlots {
            if slot.isConnected { status.connected += 1 }
            status.inFlight += await slot.inFlight()
        }
        return status
    }

    public func close() async {
        for slot in allSlots { try? await slot.close().get() }
    }

    func slot(for eventLoop: (any EventLoop)?) -> ConnectionSlot {
        let loop = eventLoop ?? group.any()
        let slots = slotsByLoop[ObjectIdentifier(loop)] ?? allSlots
        if slots.count == 1 { return slots[0] }
        let n = roundRobin.withLockedValue { value in
            value &+= 1
            return value
        }
        return slots[n % slots.count]
    }

    func send(_ command: RedisCommand, slot: ConnectionSlot) -> EventLoopFuture<RESPValue> {
        slot.exchange(followFailover: followsFailover) { $0.send(command) }
    }
}
