import QueueStore
import RedisClient
import XCTest

/// message_post, message_list, message_get(_many), message_delete(_many), claim_create/get/update/delete.
final class MessageAndClaimTests: StoreTestCase {
    private func all(_ q: QueueRef) async throws -> [Message] {
        try await store.listMessages(q, MessageQuery(marker: "0", limit: 100, clientID: "x", echo: true, includeClaimed: true))?.messages ?? []
    }

    func testPostKeepsBodiesAsSentAndOrder() async throws {
        let q = try await makeQueue()
        let bodies = ["{\"a\": [1, 2.5e3, null]}", "\"é 中 😀\"", "true", "null", "-0", "[]"]
        let ids = try await store.postMessages(q, clientID: "me", bodies.map { NewMessage(ttl: 120, body: $0) })
        let listed = try await all(q)
        XCTAssertEqual(listed.map(\.id), ids)
        XCTAssertEqual(listed.map(\.body), bodies)
        XCTAssertEqual(Set(listed.map(\.ttl)), [120])
        do {
            let value = try await store.message(q, id: ids[1])?.body
            XCTAssertEqual(value, bodies[1])
        }
        do {
            let value = try await store.messages(q, ids: [ids[2], RandomID.make(), ids[0]]).map(\.id)
            XCTAssertEqual(value, [ids[2], ids[0]])
        }
    }

    /// Reference-driver defect 4: paging with limit 1 must end.
    func testPagingWithLimitOneVisitsEveryMessageOnceAndEnds() async throws {
        let q = try await makeQueue(messages: 7)
        var marker = "0"
        var seen: [String] = []
        for _ in 0..<20 {
            guard let page = try await store.listMessages(q, MessageQuery(marker: marker, limit: 1, clientID: "x", echo: true, includeClaimed: false)) else { break }
            seen += page.messages.map(\.id)
            XCTAssertGreaterThan(Int64(page.marker)!, Int64(marker)!)
            marker = page.marker
        }
        XCTAssertEqual(seen.count, 7)
        XCTAssertEqual(Set(seen).count, 7)
    }

    func testEchoAndIncludeClaimedFilters() async throws {
        let q = try await makeQueue()
        _ = try await store.postMessages(q, clientID: "me", [NewMessage(ttl: 60, body: "1")])
        _ = try await store.postMessages(q, clientID: "other", [NewMessage(ttl: 60, body: "2"), NewMessage(ttl: 60, body: "3")])
        func list(echo: Bool, claimed: Bool) async throws -> [String] {
            try await store.listMessages(q, MessageQuery(marker: "0", limit: 10, clientID: "me", echo: echo, includeClaimed: claimed))?.messages.map(\.body) ?? []
        }
        do {
            let value = try await list(echo: false, claimed: false)
            XCTAssertEqual(value, ["2", "3"])
        }
        do {
            let value = try await list(echo: true, claimed: false)
            XCTAssertEqual(value, ["1", "2", "3"])
        }
        _ = try await store.createClaim(q, ttl: 60, grace: 60, limit: 2)
        do {
            let value = try await list(echo: true, claimed: false)
            XCTAssertEqual(value, ["3"])
        }
        do {
            let value = try await list(echo: true, claimed: true)
            XCTAssertEqual(value, ["1", "2", "3"])
        }
    }

    /// Contract §6.15, REC column, row by row.
    func testDeleteWithClaimDecisionTable() async throws {
        let q = try await makeQueue(messages: 4)
        let ids = try await all(q).map(\.id)
        let claim = try await XCTUnwrapAsync(try await store.createClaim(q, ttl: 60, grace: 60, limit: 2))
        let other = try await XCTUnwrapAsync(try await store.createClaim(q, ttl: 60, grace: 60, limit: 1))
        // Absent message: fine, with or without a (bad) claim id.
        try await store.deleteMessage(q, id: RandomID.make(), claimID: nil)
        try await store.deleteMessage(q, id: RandomID.make(), claimID: "not-a-claim")
        // Claimed message: no claim id → required; an unknown one → invalid; another live claim's → mismatch.
        await assertThrows(.claimRequired) { try await self.store.deleteMessage(q, id: ids[0], claimID: nil) }
        await assertThrows(.claimInvalid) { try await self.store.deleteMessage(q, id: ids[0], claimID: "bad") }
        await assertThrows(.claimMismatch) { try await self.store.deleteMessage(q, id: ids[0], claimID: other.id) }
        // Its own live claim → deleted, and the claim no longer lists it.
        try await store.deleteMessage(q, id: ids[0], claimID: claim.id)
        do {
            let value = try await store.message(q, id: ids[0])
            XCTAssertNil(value)
        }
        do {
            let value = try await store.claim(q, id: claim.id)?.messages.map(\.id)
            XCTAssertEqual(value, [ids[1]])
        }
        // Unclaimed message with a claim id → invalid; without → deleted.
        await assertThrows(.claimInvalid) { try await self.store.deleteMessage(q, id: ids[3], claimID: claim.id) }
        try await store.deleteMessage(q, id: ids[3], claimID: nil)
        // Released claim: its id no longer deletes; the message is free again.
        try await store.deleteClaim(q, id: claim.id)
        await assertThrows(.claimInvalid) { try await self.store.deleteMessage(q, id: ids[1], claimID: claim.id) }
        // Expired claim that nobody re-claimed → invalid (v1 403 as REC, v2 400), plain delete works.
        try await lapseClaim(other.id, in: q)
        await assertThrows(.claimInvalid) { try await self.store.deleteMessage(q, id: ids[2], claimID: other.id) }
        try await store.deleteMessage(q, id: ids[2], claimID: nil)
        // Bulk delete ignores claims.
        let again = try await XCTUnwrapAsync(try await store.createClaim(q, ttl: 60, grace: 60, limit: 5))
        try await store.deleteMessages(q, ids: again.messages.map(\.id))
        do {
            let value = try await store.stats(q).total
            XCTAssertEqual(value, 0)
        }
    }

    /// Reference-driver defect 1: after a release, a new claim must not take another live claim's messages.
    func testReleasedClaimThenNewClaimNeverStealsFromALiveClaim() async throws {
        let q = try await makeQueue(messages: 6)
        let a = try await XCTUnwrapAsync(try await store.createClaim(q, ttl: 60, grace: 60, limit: 2))
        let b = try await XCTUnwrapAsync(try await store.createClaim(q, ttl: 60, grace: 60, limit: 2))
        try await store.deleteClaim(q, id: a.id)
        let c = try await XCTUnwrapAsync(try await store.createClaim(q, ttl: 60, grace: 60, limit: 10))
        XCTAssertTrue(Set(c.messages.map(\.id)).isDisjoint(with: b.messages.map(\.id)))
        XCTAssertEqual(c.messages.count, 4)
        // FIFO holds: released messages come first again.
        XCTAssertEqual(Array(c.messages.prefix(2)).map(\.id), a.messages.map(\.id))
        let stats = try await store.stats(q)
        XCTAssertEqual([stats.claimed, stats.total], [6, 6])
    }

    /// Reference-driver defect 2: grace keeps a claimed message alive past its own TTL.
    func testClaimExtendsMessageLifeByGrace() async throws {
        let q = try await makeQueue(messages: 1, ttl: 60)
        let claim = try await XCTUnwrapAsync(try await store.createClaim(q, ttl: 100, grace: 50, limit: 1))
        XCTAssertEqual(claim.messages.first?.ttl, 150, "reported ttl becomes claim ttl + grace (ICE rule)")
        let keys = Keys.queueKeys(q)
        let id = claim.messages[0].id
        let expiry = try await store.redis.send(RedisCommand("ZSCORE", [.string(keys[4]), .string(id)])).string.flatMap(Double.init) ?? 0
        let time = try await store.redis.send(RedisCommand("TIME")).array ?? []
        let nowMs = Double(time[0].string!)! * 1000
        XCTAssertGreaterThan(expiry, nowMs + 149_000, "message expiry is at least claim end + grace")
        do {
            let value = try await store.updateClaim(q, id: claim.id, ttl: 300, grace: 60)
            XCTAssertTrue(value)
        }
        let renewed = try await XCTUnwrapAsync(try await store.claim(q, id: claim.id))
        XCTAssertEqual(renewed.ttl, 300)
        XCTAssertEqual(renewed.messages.first?.ttl, 360)
    }

    func testClaimGetAndUpdateOnUnknownOrLapsedClaims() async throws {
        let q = try await makeQueue(messages: 2)
        do {
            let value = try await store.claim(q, id: RandomID.make())
            XCTAssertNil(value)
        }
        do {
            let value = try await store.updateClaim(q, id: RandomID.make(), ttl: 60, grace: 60)
            XCTAssertFalse(value)
        }
        let claim = try await XCTUnwrapAsync(try await store.createClaim(q, ttl: 60, grace: 60, limit: 1))
        do {
            let value = try await store.claim(q, id: claim.id)?.messages.count
            XCTAssertEqual(value, 1)
        }
        try await lapseClaim(claim.id, in: q)
        do {
            let value = try await store.claim(q, id: claim.id)
            XCTAssertNil(value)
        }
        do {
            let value = try await store.updateClaim(q, id: claim.id, ttl: 60, grace: 60)
            XCTAssertFalse(value, "a lapsed claim cannot be revived")
        }
        do {
            let value = try await store.createClaim(queue("nope"), ttl: 60, grace: 60, limit: 1)
            XCTAssertNil(value, "claiming a missing queue finds nothing")
        }
    }

    func testExpiredMessagesAreNeverReturnedCountedOrClaimed() async throws {
        let q = try await makeQueue(messages: 3)
        let ids = try await all(q).map(\.id)
        let keys = Keys.queueKeys(q)
        let record = try await store.redis.send(RedisCommand("HGET", [.string(keys[1]), .string(ids[0])])).string ?? ""
        let expired = record.replacingOccurrences(of: #"expires=\d+"#, with: "expires=1", options: .regularExpression)
        _ = try await store.redis.send(RedisCommand("HSET", [.string(keys[1]), .string(ids[0]), .string(expired)]))
        _ = try await store.redis.send(RedisCommand("ZADD", [.string(keys[4]), "1", .string(ids[0])]))
        do {
            let value = try await store.message(q, id: ids[0])
            XCTAssertNil(value)
        }
        do {
            let value = try await store.stats(q).total
            XCTAssertEqual(value, 2)
        }
        let claim = try await XCTUnwrapAsync(try await store.createClaim(q, ttl: 60, grace: 60, limit: 10))
        XCTAssertEqual(claim.messages.map(\.id), Array(ids[1...]))
    }
}
