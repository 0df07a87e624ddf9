import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import XCTest

@testable import RedisClient

/// Sentinel, wrong-node replies and WAIT, against redis-server and redis-server --sentinel
/// processes each test starts on loopback ports of its own.
final class SentinelTests: XCTestCase {
    private var group: MultiThreadedEventLoopGroup!
    private var processes: [RedisProcess] = []
    private var directory = ""
    private let masterName = "cq-test"

    override func setUp() async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        directory = try RedisProcess.temporaryDirectory()
    }

    override func tearDown() async throws {
        for process in processes.reversed() { process.stop() }
        try? await group.shutdownGracefully()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func start(_ make: () throws -> RedisProcess) async throws -> RedisProcess {
        let process = try make()
        processes.append(process)
        try await waitUntil("redis on port \(process.port) answers") {
            (try? await self.direct(process.port).send(RedisCommand("PING"))) == .simpleString("PONG")
        }
        return process
    }

    /// A client on a fixed endpoint (to look at one node directly).
    private func direct(_ port: Int) -> RedisClient {
        RedisClient(endpoint: RedisEndpoint(address: .tcp(host: "127.0.0.1", port: port)), eventLoopGroup: group,
                    configuration: .init(reconnectBackoff: .milliseconds(0)))
    }

    private func waitUntil(_ what: String, seconds: Double = 15, _ condition: () async -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTFail("timed out waiting until \(what)")
        throw CancellationError()
    }

    private func sentinelClient(_ sentinels: [Int], configuration: RedisClientConfiguration = .init()) -> RedisClient {
        let connector = SentinelConnector(
            sentinels: sentinels.map { RedisEndpoint(address: .tcp(host: "127.0.0.1", port: $0)) },
            masterName: masterName, master: RedisEndpoint(address: .tcp(host: "unused", port: 1)))
        return RedisClient(endpoint: RedisEndpoint(address: .tcp(host: "unused", port: 1)), eventLoopGroup: group,
                           configuration: configuration, connector: connector)
    }

    private func masterPort(askingSentinel port: Int) async -> Int? {
        let reply = try? await direct(port).send(RedisCommand("SENTINEL", ["get-master-addr-by-name", .string(masterName)]))
        return reply?.array.flatMap { $0.count == 2 ? $0[1].int.map(Int.init) : nil }
    }

    func testParsesSentinelLists() throws {
        let parsed = try SentinelConnector.parseSentinels("10.0.0.1:26380, redis-b ,[::1]:5000", password: "pw")
        XCTAssertEqual(parsed.map(\.address), [
            .tcp(host: "10.0.0.1", port: 26380), .tcp(host: "redis-b", port: 26379), .tcp(host: "::1", port: 5000),
        ])
        XCTAssertEqual(parsed.map(\.password), ["pw", "pw", "pw"])
        XCTAssertThrowsError(try SentinelConnector.parseSentinels("host:1/2"))
        XCTAssertThrowsError(try SentinelConnector.parseSentinels(" , "))
        XCTAssertThrowsError(try SentinelConnector.parseSentinels("host:notaport"))
    }

    func testConnectsToTheMasterTheSentinelsNameSkippingADeadSentinel() async throws {
        let master = try await start { try .server(in: directory) }
        let sentinel = try await start { try .sentinel(in: directory, name: masterName, masterPort: master.port) }
        let dead = try RedisProcess.freePort()
        let client = sentinelClient([dead, sentinel.port])
        let value1 = try await client.send(RedisCommand("SET", ["where", "master"]))
        XCTAssertEqual(value1, .simpleString("OK"))
        let onMaster = try await direct(master.port).send(RedisCommand("GET", ["where"]))
        XCTAssertEqual(onMaster, .bulkString("master"))
        await client.close()
    }

    func testUnknownMasterNameIsUnavailable() async throws {
        let master = try await start { try .server(in: directory) }
        let sentinel = try await start { try .sentinel(in: directory, name: "other", masterPort: master.port) }
        let client = sentinelClient([sentinel.port])
        do {
            _ = try await client.send(RedisCommand("PING"))
            XCTFail("expected unavailable")
        } catch let error as RedisError {
            guard case .unavailable(let why) = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(why.contains(masterName), why)
        }
        await client.close()
    }

    func testFollowsAFailoverAndReloadsItsScriptsOnTheNewMaster() async throws {
        let master = try await start { try .server(in: directory) }
        let replica = try await start { try .server(in: directory, extra: ["--replicaof", "127.0.0.1", "\(master.port)"]) }
        let sentinel = try await start { try .sentinel(in: directory, name: masterName, masterPort: master.port) }
        let client = sentinelClient([sentinel.port])
        let script = RedisScript(name: "incr", source: "#!lua\nreturn redis.call('INCR', KEYS[1])")
        let value2 = try await client.run(script, keys: ["counter"], arguments: [])
        XCTAssertEqual(value2, .integer(1))
        try await waitUntil("the replica has the write") {
            (try? await self.direct(replica.port).send(RedisCommand("GET", ["counter"]))) == .bulkString("1")
        }
        try await waitUntil("the sentinel knows the replica") {
            let reply = try? await self.direct(sentinel.port).send(RedisCommand("SENTINEL", ["replicas", .string(self.masterName)]))
            return (reply?.array?.count ?? 0) > 0
        }
        // The master dies (a failover of a live master can lose the writes the old master takes
        // until it is demoted: README "Deployment").
        kill(master.process.processIdentifier, SIGKILL)
        try await waitUntil("the sentinel names the replica as master", seconds: 30) {
            await self.masterPort(askingSentinel: sentinel.port) == replica.port
        }
        // Until the failover is done the client's calls fail fast (the sentinel names a dead
        // master); then one reaches the new master, which loads the script on NOSCRIPT.
        var reply: RESPValue?
        try await waitUntil("a script runs on the new master") {
            reply = try? await client.run(script, keys: ["counter"], arguments: [])
            return reply != nil
        }
        XCTAssertEqual(reply, .integer(2), "the new master had the replicated 1")
        let onNewMaster = try await direct(replica.port).send(RedisCommand("GET", ["counter"]))
        XCTAssertEqual(onNewMaster, .bulkString("2"))
        await client.close()
    }

    func testReadOnlyReplyIsRetriedOnceOnTheNodeNamedNext() async throws {
        let a = try await start { try .server(in: directory) }
        let b = try await start { try .server(in: directory) }
        // Connects to A first, then to B: the sentinels' answer before and after a failover.
        let connector = SwitchingConnector(ports: [a.port, b.port])
        let oneLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1)  // one slot: connections are countable
        let client = RedisClient(endpoint: RedisEndpoint(address: .tcp(host: "unused", port: 1)), eventLoopGroup: oneLoop,
                                 configuration: .init(), connector: connector)
        _ = try await client.send(RedisCommand("SET", ["k", "on-a"]))
        let value3 = try await direct(a.port).send(RedisCommand("GET", ["k"]))
        XCTAssertEqual(value3, .bulkString("on-a"))
        // A is demoted without its clients being disconnected: it answers READONLY to writes.
        _ = try await direct(a.port).send(RedisCommand("REPLICAOF", ["127.0.0.1", .int(b.port)]))
        let script = RedisScript(name: "set", source: "#!lua\nreturn redis.call('SET', KEYS[1], ARGV[1])")
        let value4 = try await client.run(script, keys: ["k2"], arguments: ["on-b"])
        XCTAssertEqual(value4, .simpleString("OK"))
        let value5 = try await direct(b.port).send(RedisCommand("GET", ["k2"]))
        XCTAssertEqual(value5, .bulkString("on-b"))
        XCTAssertEqual(connector.connects, 2, "one reconnect, one retry")
        await client.close()
        try await oneLoop.shutdownGracefully()
    }

    func testReadOnlyReplyWithoutSentinelsIsUnavailable() async throws {
        let master = try await start { try .server(in: directory) }
        let replica = try await start { try .server(in: directory, extra: ["--replicaof", "127.0.0.1", "\(master.port)"]) }
        let client = direct(replica.port)
        do {
            _ = try await client.send(RedisCommand("SET", ["k", "v"]))
            XCTFail("a replica takes no write")
        } catch let error as RedisError {
            guard case .unavailable(let why) = error else { return XCTFail("got \(error), want .unavailable (503)") }
            XCTAssertTrue(why.hasPrefix("READONLY"), why)
        }
        await client.close()
    }

    func testWaitAcknowledgesWritesAndFailsWithoutReplicas() async throws {
        let master = try await start { try .server(in: directory) }
        let replica = try await start { try .server(in: directory, extra: ["--replicaof", "127.0.0.1", "\(master.port)"]) }
        try await waitUntil("the replica is in sync") {
            let info = try? await self.direct(master.port).send(RedisCommand("INFO", ["replication"]))
            return info?.string?.contains("connected_slaves:1") == true && info?.string?.contains("state=online") == true
        }
        let client = RedisClient(
            endpoint: RedisEndpoint(address: .tcp(host: "127.0.0.1", port: master.port)), eventLoopGroup: group,
            configuration: .init(waitReplicas: 1, waitTimeout: .milliseconds(300)))
        let write = RedisScript(name: "incr", source: "#!lua\nreturn redis.call('INCR', KEYS[1])")
        let read = RedisScript(name: "get", source: "#!lua flags=no-writes\nreturn redis.call('GET', KEYS[1])")
        XCTAssertFalse(write.isReadOnly)
        XCTAssertTrue(read.isReadOnly)
        let value6 = try await client.run(write, keys: ["n"], arguments: [])
        XCTAssertEqual(value6, .integer(1))
        // Acknowledged means on the replica already.
        let value7 = try await direct(replica.port).send(RedisCommand("GET", ["n"]))
        XCTAssertEqual(value7, .bulkString("1"))

        replica.stop()
        try await waitUntil("the master sees no replica") {
            let info = try? await self.direct(master.port).send(RedisCommand("INFO", ["replication"]))
            return info?.string?.contains("connected_slaves:0") == true
        }
        do {
            _ = try await client.run(write, keys: ["n"], arguments: [])
            XCTFail("no replica acknowledged the write")
        } catch let error as RedisError {
            guard case .notReplicated = error else { return XCTFail("got \(error)") }
        }
        let value8 = try await client.run(read, keys: ["n"], arguments: [])
        XCTAssertEqual(value8, .bulkString("2"), "reads need no WAIT")
        await client.close()
    }
}

/// Connects to each port in turn (the last one from then on), counting connections.
private final class SwitchingConnector: RedisConnector {
    private let ports: [Int]
    private let count = NIOLockedValueBox(0)

    init(ports: [Int]) { self.ports = ports }

    var connects: Int { count.withLockedValue { $0 } }

    func connect(on eventLoop: any EventLoop, configuration: RedisClientConfiguration) -> EventLoopFuture<RedisConnection> {
        let n = count.withLockedValue { value in
            value += 1
            return value
        }
        let port = ports[min(n, ports.count) - 1]
        return RedisConnection.connect(to: RedisEndpoint(address: .tcp(host: "127.0.0.1", port: port)), on: eventLoop, configuration: configuration)
    }
}
