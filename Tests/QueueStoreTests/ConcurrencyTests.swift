import QueueStore
import XCTest

/// Many claimers at once on one queue, over the real Redis.
final class ConcurrencyTests: StoreTestCase {
    func testConcurrentClaimersNeverShareAMessageAndEachIsClaimedOnce() async throws {
        let q = try await makeQueue(messages: 600)
        let store = self.store!
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<24 {
                group.addTask {
                    var mine: [String] = []
                    while let claim = try await store.createClaim(q, ttl: 60, grace: 60, limit: 7) {
                        mine += claim.messages.map(\.id)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        XCTAssertEqual(claimed.count, 600, "every message was claimed")
        XCTAssertEqual(Set(claimed).count, 600, "no message was handed to two live claims")
        let stats = try await store.stats(q)
        XCTAssertEqual([stats.claimed, stats.total], [600, 600])
    }

    func testConcurrentProducersGetDistinctSequenceNumbersAndLoseNothing() async throws {
        let q = try await makeQueue()
        let store = self.store!
        let posted = try await withThrowingTaskGroup(of: [String].self) { group in
            for p in 0..<16 {
                group.addTask {
                    var ids: [String] = []
                    for b in 0..<10 {
                        ids += try await store.postMessages(q, clientID: "p\(p)", (0..<5).map { NewMessage(ttl: 60, body: "\"\(p)-\(b)-\($0)\"") })
                    }
                    return ids
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        var listed: [String] = []
        var marker = "0"
        while let page = try await store.listMessages(q, MessageQuery(marker: marker, limit: 100, clientID: "x", echo: true, includeClaimed: true)) {
            listed += page.messages.map(\.id)
            marker = page.marker
        }
        XCTAssertEqual(listed.count, 800)
        XCTAssertEqual(Set(listed), Set(posted))
    }
}
