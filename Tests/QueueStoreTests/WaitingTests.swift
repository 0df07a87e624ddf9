import NIOCore
import NIOPosix
import QueueStore
import RedisClient
import XCTest

/// Long polling in the store (`QueueStore.waiting`, `Wakeups`), over the real Redis. A second
/// store with its own Redis client stands for another gateway.
final class WaitingTests: StoreTestCase {
    private var other: QueueStore!

    override func setUp() async throws {
        try await super.setUp()
        let url = ProcessInfo.processInfo.environment["CQ_TEST_REDIS_URL"]!
        other = QueueStore(redis: RedisClient(endpoint: try RedisEndpoint(url: url), eventLoopGroup: group), scripts: store.scripts)
    }

    override func tearDown() async throws {
        await other?.redis.close()
        try await super.tearDown()
    }

    /// A claim that waits on `store` until `seconds` pass or `closed` completes.
    private func waitingClaim(
        _ store: QueueStore, _ q: QueueRef, seconds: Int64, closed: EventLoopFuture<Void>? = nil
    ) -> Task<Claim?, any Error> {
        let loop = group.next()
        let closed = closed ?? loop.makePromise(of: Void.self).futureResult
        return Task {
            try await store.waiting(for: q, kind: .claim, until: .now() + .seconds(seconds), closed: closed, on: loop) {
                () async throws(StoreError) -> Claim? in
                try await store.createClaim(q, ttl: 60, grace: 60, limit: 5, on: loop)
            }
        }
    }

    private func waitUntilParked(_ store: QueueStore, count: Int = 1) async throws {
        for _ in 0..<200 where store.wakeups.waitingCount < count { try await Task.sleep(for: .milliseconds(10)) }
        XCTAssertEqual(store.wakeups.waitingCount, count)
        try await Task.sleep(for: .milliseconds(100))  // past its second attempt, parked
    }

    func testAWaiterOnOneGatewayIsWokenByAPostThroughAnother() async throws {
        let q = try await makeQueue()
        let start = ContinuousClock.now
        let waiter = waitingClaim(other, q, seconds: 10)
        try await waitUntilParked(other)
        let posted = try await store.postMessages(q, clientID: "c", [NewMessage(ttl: 60, body: "1")])
        let claim = try await waiter.value
        XCTAssertEqual(claim?.messages.map(\.id), posted)
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(8), "woken, not timed out")
        XCTAssertEqual(other.wakeups.waitingCount, 0)
    }

    func testAWaiterGivesUpAtItsDeadlineWithNothing() async throws {
        let q = try await makeQueue()
        let start = ContinuousClock.now
        let claim = try await waitingClaim(other, q, seconds: 1).value
        XCTAssertNil(claim)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(950))
    }

    func testAWaiterWhoseClientLeftClaimsNothing() async throws {
        let q = try await makeQueue()
        let closed = group.next().makePromise(of: Void.self)
        let waiter = waitingClaim(other, q, seconds: 10, closed: closed.futureResult)
        try await waitUntilParked(other)
        closed.succeed(())
        let claim = try await waiter.value
        XCTAssertNil(claim)
        _ = try await store.postMessages(q, clientID: "c", [NewMessage(ttl: 60, body: "1")])
        try await Task.sleep(for: .milliseconds(200))
        let stats = try await store.stats(q)
        XCTAssertEqual([stats.claimed, stats.total], [0, 1], "the message stays free")
    }

    func testAWaiterIsStillWokenAfterItsSubscriberConnectionWasKilled() async throws {
        let q = try await makeQueue()
        let waiter = waitingClaim(other, q, seconds: 15)
        try await waitUntilParked(other)
        let killed = try await store.redis.send(RedisCommand("CLIENT", ["KILL", "TYPE", "pubsub"]))
        XCTAssertGreaterThanOrEqual(killed.int ?? 0, 1)
        // Resubscribed within the reconnect back-off; a post then must wake the waiter.
        var subscribed = false
        for _ in 0..<100 where !subscribed {
            try await Task.sleep(for: .milliseconds(50))
            let reply = try await store.redis.send(RedisCommand("PUBSUB", ["SHARDNUMSUB", .string(Keys.wakeChannel(q))]))
            subscribed = (reply.array?.last?.int ?? 0) > 0
        }
        XCTAssertTrue(subscribed, "the channel was subscribed again")
        let posted = try await store.postMessages(q, clientID: "c", [NewMessage(ttl: 60, body: "1")])
        let claim = try await waiter.value
        XCTAssertEqual(claim?.messages.map(\.id), posted)
    }

    func testWaitersOfOneQueueShareOneSubscriptionAndAreServedInArrivalOrder() async throws {
        let q = try await makeQueue()
        var waiters: [Task<Claim?, any Error>] = []
        for n in 1...3 {
            waiters.append(waitingClaim(other, q, seconds: 10))
            try await waitUntilParked(other, count: n)
        }
        let reply = try await store.redis.send(RedisCommand("PUBSUB", ["SHARDNUMSUB", .string(Keys.wakeChannel(q))]))
        XCTAssertEqual(reply.array?.last?.int, 1, "one subscription for three waiters")
        var posted: [String] = []
        for n in 0..<3 {
            posted += try await store.postMessages(q, clientID: "c", [NewMessage(ttl: 60, body: "\(n)")])
            try await Task.sleep(for: .milliseconds(100))
        }
        var got: [String] = []
        for waiter in waiters { got += try await waiter.value?.messages.map(\.id) ?? [] }
        XCTAssertEqual(got, posted)
    }
}
