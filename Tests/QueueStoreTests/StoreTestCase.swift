import Foundation
import NIOPosix
import QueueStore
import RedisClient
import XCTest

/// A store on the test Redis (CQ_TEST_REDIS_URL, started by scripts/test.sh), with a fresh
/// random project per test so tests never see each other's queues.
class StoreTestCase: XCTestCase {
    var group: MultiThreadedEventLoopGroup!
    var store: QueueStore!
    var project = ""

    override func setUp() async throws {
        guard let url = ProcessInfo.processInfo.environment["CQ_TEST_REDIS_URL"] else {
            throw XCTSkip("CQ_TEST_REDIS_URL is not set (scripts/test.sh starts a Redis and sets it)")
        }
        group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let redis = RedisClient(endpoint: try RedisEndpoint(url: url), eventLoopGroup: group)
        store = QueueStore(redis: redis, scripts: try ScriptCatalogue.locate())
        try await store.loadScripts()
        project = "test-" + RandomID.make()
    }

    override func tearDown() async throws {
        await store?.redis.close()
        try? await group?.shutdownGracefully()
    }

    func queue(_ name: String = "q") -> QueueRef { QueueRef(project: project, name: name) }

    func makeQueue(_ name: String = "q", messages count: Int = 0, ttl: Int = 300) async throws -> QueueRef {
        let q = queue(name)
        _ = try await store.createQueue(q)
        if count > 0 {
            let batch = (0..<count).map { NewMessage(ttl: ttl, body: "{\"n\":\($0)}") }
            _ = try await store.postMessages(q, clientID: "client", batch)
        }
        return q
    }

    /// Every key of Redis that belongs to `queue`.
    func keys(of queue: QueueRef) async throws -> [String] {
        let pattern = "cq:{" + Keys.indexMember(queue) + "}*"
        let reply = try await store.redis.send(RedisCommand("KEYS", [.string(pattern)]))
        return reply.array?.compactMap(\.string) ?? []
    }

    /// Moves a claim's expiry into the past, as if its TTL had run out.
    func lapseClaim(_ id: String, in q: QueueRef) async throws {
        let keys = Keys.queueKeys(q)
        _ = try await store.redis.send(RedisCommand("ZADD", [.string(keys[6]), "1", .string(id)]))
        let record = try await store.redis.send(RedisCommand("HGET", [.string(keys[5]), .string(id)])).string ?? ""
        let lapsed = record.replacingOccurrences(of: #"expires=\d+"#, with: "expires=1", options: .regularExpression)
        _ = try await store.redis.send(RedisCommand("HSET", [.string(keys[5]), .string(id), .string(lapsed)]))
    }

    func assertThrows(_ expected: StoreError, _ body: () async throws -> Void, line: UInt = #line) async {
        do {
            try await body()
            XCTFail("expected \(expected)", line: line)
        } catch {
            XCTAssertEqual(error as? StoreError, expected, line: line)
        }
    }
}
