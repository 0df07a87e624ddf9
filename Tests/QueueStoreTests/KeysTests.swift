import XCTest

@testable import QueueStore

final class KeysTests: XCTestCase {
    func testAllKeysOfAQueueShareOneHashTag() {
        let keys = Keys.queueKeys(QueueRef(project: "acme", name: "jobs"))
        XCTAssertEqual(keys, [
            "cq:{acme/jobs}:queue", "cq:{acme/jobs}:messages", "cq:{acme/jobs}:ready", "cq:{acme/jobs}:claimed",
            "cq:{acme/jobs}:expiry", "cq:{acme/jobs}:claims", "cq:{acme/jobs}:claim_expiry",
            "cq:{acme/jobs}:delayed", "cq:{acme/jobs}:dead_letters", "cq:{acme/jobs}:dead_letters_seen",
        ])
        XCTAssertEqual(Keys.subscriptionKeys(QueueRef(project: "acme", name: "jobs")), [
            "cq:{acme/jobs}:queue", "cq:{acme/jobs}:subscriptions", "cq:{acme/jobs}:subscription_ids", "cq:{acme/jobs}:subscribers",
        ])
        XCTAssertEqual(Keys.queueKeys(QueueRef(project: nil, name: "q")).first, "cq:{/q}:queue")
    }

    /// (The API never lets a project id be empty, so the empty encoding is free for "no project".)
    /// The reference driver joined keys with '.', so ("a.b", "c") and ("a", "b.c") collided.
    func testProjectEncodingIsUnambiguous() {
        let pairs: [(String?, String)] = [
            ("a.b", "c"), ("a", "b-c"), ("a/b", "c"), ("a", "b"), ("a%2Fb", "c"), ("{x}", "q"), ("x", "q"),
            (nil, "q"), ("é", "q"), ("a:b", "c"), ("a b", "c"),
        ]
        let keys = pairs.map { Keys.queueKeys(QueueRef(project: $0.0, name: $0.1))[0] }
        XCTAssertEqual(Set(keys).count, keys.count, "\(keys)")
        for key in keys {
            let tag = key.split(separator: "{", maxSplits: 1)[1].split(separator: "}", maxSplits: 1)[0]
            XCTAssertFalse(tag.dropFirst().contains("{"), key)
        }
        XCTAssertEqual(Keys.encodeProject("a/b{c}:d é"), "a%2Fb%7Bc%7D%3Ad%20%C3%A9")
    }

    func testIndexMemberRoundTrips() {
        for queue in [QueueRef(project: "a/b%c", name: "q-1"), QueueRef(project: nil, name: "x"), QueueRef(project: "é", name: "y")] {
            XCTAssertEqual(Keys.queueRef(indexMember: Keys.indexMember(queue)), queue)
        }
    }

    func testRandomIDsAre24HexDigitsAndDistinct() {
        let ids = (0..<1000).map { _ in RandomID.make() }
        XCTAssertEqual(Set(ids).count, 1000)
        XCTAssertTrue(ids.allSatisfy(RandomID.isWellFormed))
        XCTAssertFalse(RandomID.isWellFormed("65A1F0C2E4B0A1B2C3D4E5F6"))
        XCTAssertFalse(RandomID.isWellFormed("65a1f0c2e4b0a1b2c3d4e5f"))
    }
}
