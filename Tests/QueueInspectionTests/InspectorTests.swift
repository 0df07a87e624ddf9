import Foundation
import NIOPosix
import QueueStore
import RedisClient
import XCTest

@testable import QueueInspection

/// The inspector on the test Redis (CQ_TEST_REDIS_URL): a healthy queue has no violation; each
/// deliberate corruption is reported with its code.
final class InspectorTests: XCTestCase {
    var group: MultiThreadedEventLoopGroup!
    var redis: RedisClient!
    var store: QueueStore!
    var inspector: Inspector!
    var project = ""

    override func setUp() async throws {
        guard let url = ProcessInfo.processInfo.environment["CQ_TEST_REDIS_URL"] else {
            throw XCTSkip("CQ_TEST_REDIS_URL is not set (scripts/test.sh starts a Redis and sets it)")
        }
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        redis = RedisClient(endpoint: try RedisEndpoint(url: url), eventLoopGroup: loop)
        store = QueueStore(redis: redis, scripts: try ScriptCatalogue.locate())
        try await store.loadScripts()
        inspector = Inspector(redis: redis, loop: loop)
        project = "inspect-" + RandomID.make()
    }

    override func tearDown() async throws {
        await redis?.close()
        try? await group?.shutdownGracefully()
    }

    private func send(_ args: RedisArgument...) async throws -> RESPValue {
        guard case .string(let name) = args[0] else { fatalError() }
        return try await redis.send(RedisCommand(name, Array(args.dropFirst())))
    }

    func testHealthyQueueThenCorruptions() async throws {
        let q = QueueRef(project: project, name: "jobs")
        _ = try await store.createQueue(q)
        let ids = try await store.postMessages(q, clientID: "c", (0..<4).map { NewMessage(ttl: 300, body: "\($0)") })
        let claim = try await store.createClaim(q, ttl: 60, grace: 60, limit: 2)
        XCTAssertEqual(claim?.messages.count, 2)

        var report = try await inspector.check(project: project, queue: nil)
        XCTAssertEqual(report.queuesChecked, 1)
        XCTAssertEqual(report.violations, [])

        let keys = Keys.queueKeys(q)
        _ = try await send("HDEL", .string(keys[1]), .string(ids[3]))                // record gone, id still ready
        _ = try await send("ZADD", .string(keys[3]), "3", .string(ids[2]))           // ready and claimed
        _ = try await send("HSET", .string(keys[1]), .string(ids[0]),
                           "seq=1 ttl=300 created=1 expires=2 client=c body=0")     // expires before its claim
        _ = try await send("ZADD", .string(keys[6]), "1", .string(String(repeating: "a", count: 24))) // expiry without claim
        report = try await inspector.check(project: project, queue: "jobs")
        let codes = Set(report.violations.map(\.code))
        XCTAssertTrue(codes.isSuperset(of: [
            "missing_record", "message_in_ready_and_claimed", "claimed_message_expires_first", "expiry_mismatch",
            "claim_expiry_without_claim", "count_mismatch",
        ]), "\(report.violations)")
        XCTAssertFalse(report.passed)

        let summary = try await inspector.queues(project: project)
        XCTAssertEqual(summary.map(\.name), ["jobs"])
        XCTAssertEqual(summary.first?.liveClaims, 1)
        _ = try await store.deleteQueue(q)
        let afterDelete = try await inspector.check(project: project, queue: nil)
        XCTAssertEqual(afterDelete.violations, [], "queue delete leaves no key behind")
    }

    func testRecordParsing() {
        let m = MessageRecord("seq=17 ttl=300 created=5 expires=9 client=abc body={\"a\": \"b body=c\"}")
        XCTAssertEqual(m?.seq, 17)
        XCTAssertEqual(m?.client, "abc")
        XCTAssertEqual(m?.bodyBytes, "{\"a\": \"b body=c\"}".utf8.count)
        XCTAssertNil(MessageRecord("seq=x ttl=300 created=5 expires=9 client= body=1"))
        XCTAssertNil(MessageRecord("seq=1 ttl=300 body=1"))
        let c = ClaimRecord("ttl=60 grace=30 updated=1 expires=2 messages=a,b")
        XCTAssertEqual(c?.messages, ["a", "b"])
        XCTAssertEqual(ClaimRecord("ttl=60 grace=30 updated=1 expires=2 messages=")?.messages, [])
        XCTAssertNil(ClaimRecord("ttl=60 grace=30 expires=2 messages=a"))
    }

    func testKeyPatternAndKeyParsing() {
        let q = QueueRef(project: "p q*", name: "jobs")
        for key in Keys.queueKeys(q) { XCTAssertEqual(Keys.queueRef(key: key), q, key) }
        XCTAssertNil(Keys.queueRef(key: Keys.queueIndex(project: "p")))
        XCTAssertNil(Keys.queueRef(key: Keys.projectIndex))
        XCTAssertEqual(Keys.queueKeyPattern(project: "p q*"), "cq:{p%20q%2A/*}:*")
        XCTAssertEqual(Keys.queueKeyPattern(project: nil), "cq:{*}:*")
    }
}
