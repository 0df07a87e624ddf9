import QueueStore
import RedisClient
import XCTest

/// queue_create, queue_exists, queue_delete, queue_list(_metadata), metadata_get/set, queue_stats, queue_sweep.
final class QueueOperationsTests: StoreTestCase {
    func testCreateIsIdempotentAndKeepsContents() async throws {
        let q = queue()
        do {
            let value = try await store.queueExists(q)
            XCTAssertFalse(value)
        }
        do {
            let value = try await store.createQueue(q)
            XCTAssertTrue(value)
        }
        try await store.setMetadata(q, "{\"a\":1}")
        do {
            let value = try await store.createQueue(q)
            XCTAssertFalse(value, "second create reports an existing queue")
        }
        do {
            let value = try await store.metadata(q)
            XCTAssertEqual(value, "{\"a\":1}")
        }
        do {
            let value = try await store.queueExists(q)
            XCTAssertTrue(value)
        }
    }

    func testMissingQueueErrors() async throws {
        let q = queue("missing")
        await assertThrows(.queueNotFound) { _ = try await self.store.metadata(q) }
        await assertThrows(.queueNotFound) { try await self.store.setMetadata(q, "{}") }
        await assertThrows(.queueNotFound) { _ = try await self.store.stats(q) }
        await assertThrows(.queueNotFound) { _ = try await self.store.postMessages(q, clientID: "c", [NewMessage(ttl: 60, body: "1")]) }
    }

    func testDeleteLeavesNoKeyBehind() async throws {
        let q = try await makeQueue(messages: 30)
        _ = try await store.createClaim(q, ttl: 60, grace: 60, limit: 10)
        do {
            let value = try await keys(of: q).count
            XCTAssertEqual(value, 7)
        }
        do {
            let value = try await store.deleteQueue(q)
            XCTAssertTrue(value)
        }
        do {
            let value = try await keys(of: q)
            XCTAssertEqual(value, [])
        }
        do {
            let value = try await store.deleteQueue(q)
            XCTAssertFalse(value)
        }
        do {
            let value = try await store.listQueues(project: project, marker: nil, limit: 10, detailed: false)
            XCTAssertEqual(value, [])
        }
        do {
            let value = try await store.createQueue(q)
            XCTAssertTrue(value)
        }
        do {
            let value = try await store.stats(q).total
            XCTAssertEqual(value, 0, "a recreated queue starts empty")
        }
    }

    func testListPagesByNameWithinTheProjectOnly() async throws {
        for name in ["b", "a", "c-1", "c"] { _ = try await makeQueue(name) }
        let other = QueueRef(project: project + "x", name: "zzz")
        _ = try await store.createQueue(other)
        let first = try await store.listQueues(project: project, marker: nil, limit: 3, detailed: false)
        XCTAssertEqual(first.map(\.name), ["a", "b", "c"])
        let rest = try await store.listQueues(project: project, marker: "c", limit: 3, detailed: true)
        XCTAssertEqual(rest, [QueueSummary(name: "c-1", metadata: "{}")])
        _ = try await store.deleteQueue(other)
    }

    func testStatsCountClaimedFreeAndEnds() async throws {
        let q = try await makeQueue(messages: 5)
        var stats = try await store.stats(q)
        XCTAssertEqual([stats.free, stats.claimed, stats.total], [5, 0, 5])
        _ = try await store.createClaim(q, ttl: 60, grace: 60, limit: 2)
        stats = try await store.stats(q)
        XCTAssertEqual([stats.free, stats.claimed, stats.total], [3, 2, 5])
        let all = try await store.listMessages(q, MessageQuery(marker: "0", limit: 10, clientID: "x", echo: true, includeClaimed: true))
        XCTAssertEqual(stats.oldest?.id, all?.messages.first?.id)
        XCTAssertEqual(stats.newest?.id, all?.messages.last?.id)
        let empty = try await makeQueue("empty")
        let none = try await store.stats(empty)
        XCTAssertEqual(none.total, 0)
        XCTAssertNil(none.oldest)
    }

    /// Reference-driver defect 3: after claims lapse, stats stay exact and never negative.
    func testStatsStayConsistentAfterClaimsLapse() async throws {
        let q = try await makeQueue(messages: 4)
        let claim = try await XCTUnwrapAsync(try await store.createClaim(q, ttl: 60, grace: 60, limit: 3))
        try await lapseClaim(claim.id, in: q)
        let stats = try await store.stats(q)
        XCTAssertEqual([stats.free, stats.claimed, stats.total], [4, 0, 4])
    }

    func testSweepRequeuesLapsedClaimsAndPurgesExpiredMessages() async throws {
        let q = try await makeQueue(messages: 3)
        let claim = try await XCTUnwrapAsync(try await store.createClaim(q, ttl: 60, grace: 60, limit: 1))
        let keys = Keys.queueKeys(q)
        let expiring = try await store.listMessages(q, MessageQuery(marker: "0", limit: 3, clientID: "x", echo: true, includeClaimed: true))!
        try await lapseClaim(claim.id, in: q)
        _ = try await store.redis.send(RedisCommand("ZADD", [.string(keys[4]), "1", .string(expiring.messages[2].id)]))
        let result = try await store.sweep(q)
        let swept = try XCTUnwrap(result)
        XCTAssertEqual(swept.claims, 1)
        XCTAssertEqual(swept.messages, 1)
        do {
            let value = try await store.stats(q).total
            XCTAssertEqual(value, 2)
        }
    }

}

func XCTUnwrapAsync<T>(_ value: @autoclosure () async throws -> T?, line: UInt = #line) async throws -> T {
    let v = try await value()
    return try XCTUnwrap(v, line: line)
}
