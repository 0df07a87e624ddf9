import Foundation
import NIOPosix
import XCTest

@testable import RedisClient

/// `ClusterClient` against a live cluster of three masters (CQ_TEST_REDIS_CLUSTER, started by
/// scripts/test.sh). Slots are moved by hand, the way `redis-cli --cluster reshard` does it, to
/// make the nodes answer `ASK`, `TRYAGAIN` and `MOVED`. Each test leaves every slot served.
final class ClusterClientLiveTests: XCTestCase {
    var group: MultiThreadedEventLoopGroup!
    var seeds: [RedisEndpoint] = []
    var direct: [String: RedisClient] = [:]
    var clients: [ClusterClient] = []
    let prefix = "cct-" + String(UInt64.random(in: 0..<UInt64.max), radix: 36)

    override func setUp() async throws {
        guard let text = ProcessInfo.processInfo.environment["CQ_TEST_REDIS_CLUSTER"] else {
            throw XCTSkip("CQ_TEST_REDIS_CLUSTER is not set (scripts/test.sh starts a cluster and sets it)")
        }
        seeds = try ClusterSeeds.parse(text)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    }

    override func tearDown() async throws {
        // Closed here, before the event loops stop (a close still in flight then would leak its promise).
        for client in clients { await client.close() }
        for client in direct.values { await client.close() }
        try? await group?.shutdownGracefully()
    }

    /// A client that knows one seed only: the other masters come from CLUSTER SLOTS.
    func makeClient() -> ClusterClient {
        let client = ClusterClient(seeds: [seeds[0]], eventLoopGroup: group)
        clients.append(client)
        return client
    }

    /// A plain connection to one node (no routing), to move slots by hand.
    func node(_ address: String) -> RedisClient {
        if let client = direct[address] { return client }
        let (host, port) = splitAddress(address)!
        let client = RedisClient(endpoint: RedisEndpoint(address: .tcp(host: host, port: port)), eventLoopGroup: group)
        direct[address] = client
        return client
    }

    func command(_ address: String, _ name: String, _ args: [RedisArgument]) async throws -> RESPValue {
        try await node(address).send(RedisCommand(name, args))
    }

    func nodeID(_ address: String) async throws -> String {
        try await command(address, "CLUSTER", ["MYID"]).string!
    }

    /// Assigns `slot` to `target` on every master (the last step of a migration).
    func finishMove(slot: Int, to target: String, masters: [String]) async throws {
        let id = try await nodeID(target)
        for address in [target] + masters.filter({ $0 != target }) {
            _ = try await command(address, "CLUSTER", ["SETSLOT", .int(slot), "NODE", .string(id)])
        }
    }

    func migrate(_ keys: [String], from source: String, to target: String) async throws {
        let (host, port) = splitAddress(target)!
        _ = try await command(source, "MIGRATE", [.string(host), .int(port), "", "0", "5000", "KEYS"] + keys.map { .string($0) })
    }

    func startMove(slot: Int, from source: String, to target: String) async throws {
        _ = try await command(target, "CLUSTER", ["SETSLOT", .int(slot), "IMPORTING", .string(try await nodeID(source))])
        _ = try await command(source, "CLUSTER", ["SETSLOT", .int(slot), "MIGRATING", .string(try await nodeID(target))])
    }

    func testDiscoversMastersAndRoutesEveryKeyToItsSlot() async throws {
        let client = makeClient()
        let map = try await client.slotMap()
        XCTAssertEqual(map.masters.count, 3)
        XCTAssertEqual(map.coveredSlots, HashSlot.count)
        for i in 0..<60 {
            let key = "\(prefix):{k\(i)}"
            let got1 = try await client.send(RedisCommand("SET", [.string(key), .string("v\(i)")]), key: key, on: nil)
            XCTAssertEqual(got1, .simpleString("OK"))
            let slot = try await command(map.masters[0], "CLUSTER", ["KEYSLOT", .string(key)]).int
            XCTAssertEqual(slot.map(Int.init), HashSlot.of(key), key)
            // The key is on the master the map names, and nowhere else.
            let owner = map.address(forSlot: HashSlot.of(key))!
            let got2 = try await command(owner, "EXISTS", [.string(key)])
            XCTAssertEqual(got2, .integer(1))
        }
        let got3 = try await client.masters().count
        XCTAssertEqual(got3, 3)
    }

    func testLoadsScriptsOnEveryMasterAndReloadsAfterAFlush() async throws {
        let client = makeClient()
        let script = RedisScript(name: "echo_key", source: "return redis.call('GET', KEYS[1])")
        try await client.load([script])
        for address in try await client.slotMap().masters {
            let got4 = try await command(address, "SCRIPT", ["EXISTS", .string(script.sha1)])
            XCTAssertEqual(got4, .array([.integer(1)]))
            _ = try await command(address, "SCRIPT", ["FLUSH"])
        }
        for i in 0..<20 {  // every master answers NOSCRIPT once, then has the script again
            let key = "\(prefix):{s\(i)}"
            _ = try await client.send(RedisCommand("SET", [.string(key), .string("x\(i)")]), key: key, on: nil)
            let got5 = try await client.run(script, keys: [key], arguments: [], on: nil)
            XCTAssertEqual(got5, .bulkString("x\(i)"))
        }
    }

    func testFollowsAskDuringAMigrationThenMovedAfterIt() async throws {
        let client = makeClient()
        let key = "{\(prefix)-ask}"
        let slot = HashSlot.of(key)
        _ = try await client.send(RedisCommand("SET", [.string(key), "before"]), key: key, on: nil)
        let masters = try await client.slotMap().masters
        let source = try await client.slotMap().address(forSlot: slot)!
        let target = masters.first { $0 != source }!

        try await startMove(slot: slot, from: source, to: target)
        try await migrate([key], from: source, to: target)
        // The source no longer has the key: it answers ASK; the client asks the target.
        let got6 = try await client.send(RedisCommand("GET", [.string(key)]), key: key, on: nil)
        XCTAssertEqual(got6, .bulkString("before"))
        let script = RedisScript(name: "set_get", source: "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])")
        let got7 = try await client.run(script, keys: [key], arguments: ["during"], on: nil)
        XCTAssertEqual(got7, .bulkString("during"))
        let got8 = try await node(target).sendAsking(RedisCommand("GET", [.string(key)]), on: nil)
        XCTAssertEqual(got8, .bulkString("during"), "the script ran on the target")
        let got9 = try await client.slotMap().address(forSlot: slot)
        XCTAssertEqual(got9, source, "ASK does not change the map")

        try await finishMove(slot: slot, to: target, masters: masters)
        // The client's map still says `source`: the source answers MOVED, the client follows
        // and patches its map.
        let got10 = try await client.send(RedisCommand("GET", [.string(key)]), key: key, on: nil)
        XCTAssertEqual(got10, .bulkString("during"))
        let got11 = try await client.slotMap().address(forSlot: slot)
        XCTAssertEqual(got11, target)
    }

    func testRetriesTryAgainUntilTheMigrationEnds() async throws {
        let client = makeClient()
        let (a, b) = ("{\(prefix)-try}:a", "{\(prefix)-try}:b")
        let slot = HashSlot.of(a)
        _ = try await client.send(RedisCommand("MSET", [.string(a), "1", .string(b), "2"]), key: a, on: nil)
        let masters = try await client.slotMap().masters
        let source = try await client.slotMap().address(forSlot: slot)!
        let target = masters.first { $0 != source }!
        try await startMove(slot: slot, from: source, to: target)
        try await migrate([a], from: source, to: target)  // the keys are split: TRYAGAIN
        let sourceNode = node(source)
        let ordered = ([target] + masters.filter { $0 != target }).map(node)
        let targetID = try await nodeID(target)
        let (host, port) = splitAddress(target)!
        let finisher = Task {
            try await Task.sleep(for: .milliseconds(300))
            _ = try await sourceNode.send(RedisCommand("MIGRATE", [.string(host), .int(port), "", "0", "5000", "KEYS", .string(b)]))
            for node in ordered {
                _ = try await node.send(RedisCommand("CLUSTER", ["SETSLOT", .int(slot), "NODE", .string(targetID)]))
            }
        }
        let started = Date()
        let reply = try await client.send(RedisCommand("MGET", [.string(a), .string(b)]), key: a, on: nil)
        try await finisher.value
        XCTAssertEqual(reply, .array([.bulkString("1"), .bulkString("2")]))
        XCTAssertGreaterThan(Date().timeIntervalSince(started), 0.25, "the reply came after the migration ended")
    }

    func testServerErrorsThatAreNotRedirectsAreNotRetried() async throws {
        let client = makeClient()
        let key = "\(prefix):{err}"
        _ = try await client.send(RedisCommand("SET", [.string(key), "text"]), key: key, on: nil)
        do {
            _ = try await client.send(RedisCommand("INCR", [.string(key)]), key: key, on: nil)
            XCTFail("INCR of a string must fail")
        } catch RedisError.server(let message) {
            XCTAssertTrue(message.hasPrefix("ERR"), message)
        }
    }
}
