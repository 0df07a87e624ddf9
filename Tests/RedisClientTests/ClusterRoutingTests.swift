import XCTest

@testable import RedisClient

/// Hash slots, slot maps and redirect replies (no server needed; the live cluster is exercised
/// by scripts/test.sh's cluster step).
final class ClusterRoutingTests: XCTestCase {
    func testCRC16MatchesTheClusterSpecificationTestVector() {
        XCTAssertEqual(CRC16.checksum(Array("123456789".utf8)), 0x31C3)
        XCTAssertEqual(CRC16.checksum([]), 0)
    }

    /// Slots as `CLUSTER KEYSLOT` gives them on Redis 7.0.
    func testHashSlotsAndHashTags() {
        XCTAssertEqual(HashSlot.of("foo"), 12182)
        XCTAssertEqual(HashSlot.of("bar"), 5061)
        XCTAssertEqual(HashSlot.of(""), 0)
        XCTAssertEqual(HashSlot.of("{user1000}.following"), HashSlot.of("{user1000}.followers"))
        XCTAssertEqual(HashSlot.of("{user1000}.following"), HashSlot.of("user1000"))
        XCTAssertEqual(HashSlot.of("foo{}{bar}"), Int(CRC16.checksum(Array("foo{}{bar}".utf8)) & 0x3FFF), "empty tag: whole key")
        XCTAssertEqual(HashSlot.of("foo{{bar}}zap"), HashSlot.of("{bar"), "tag runs to the first } after the first {")
        XCTAssertEqual(HashSlot.of("foo{bar}{zap}"), HashSlot.of("bar"))
        XCTAssertEqual(HashSlot.of("cq:{acme/jobs}:queue"), HashSlot.of("cq:{acme/jobs}:claim_expiry"))
        XCTAssertEqual(HashSlot.of("{é}"), Int(CRC16.checksum(Array("é".utf8)) & 0x3FFF), "bytes, not characters")
    }

    func testSlotMapFromClusterSlots() throws {
        func node(_ host: String, _ port: Int64) -> RESPValue { .array([.bulkString(host), .integer(port), .bulkString("id")]) }
        let reply = RESPValue.array([
            .array([.integer(0), .integer(5460), node("127.0.0.1", 7001), node("127.0.0.1", 7004)]),
            .array([.integer(5461), .integer(10922), node("", 7002)]),
            .array([.integer(10923), .integer(16383), node("::1", 7003)]),
        ])
        var map = try ClusterSlotMap.parse(reply, defaultHost: "10.0.0.9")
        XCTAssertEqual(map.masters, ["127.0.0.1:7001", "10.0.0.9:7002", "::1:7003"])
        XCTAssertEqual(map.coveredSlots, 16384)
        XCTAssertEqual(map.address(forSlot: 0), "127.0.0.1:7001")
        XCTAssertEqual(map.address(forSlot: 5461), "10.0.0.9:7002")
        XCTAssertEqual(map.address(forSlot: 16383), "::1:7003")
        map.assign(slot: 5461, to: "127.0.0.1:7009")
        XCTAssertEqual(map.address(forSlot: 5461), "127.0.0.1:7009")
        XCTAssertEqual(map.address(forSlot: 5462), "10.0.0.9:7002")
        XCTAssertEqual(try ClusterSlotMap.parse(.array([]), defaultHost: "x").coveredSlots, 0)
        XCTAssertThrowsError(try ClusterSlotMap.parse(.array([.array([.integer(5), .integer(2), node("h", 1)])]), defaultHost: "x"))
        XCTAssertNil(ClusterSlotMap().address(forSlot: 3))
    }

    func testRedirectReplies() {
        XCTAssertEqual(ClusterRedirect(errorMessage: "MOVED 3999 127.0.0.1:6381"), .moved(slot: 3999, address: "127.0.0.1:6381"))
        XCTAssertEqual(ClusterRedirect(errorMessage: "ASK 3999 127.0.0.1:6381"), .ask(slot: 3999, address: "127.0.0.1:6381"))
        XCTAssertEqual(ClusterRedirect(errorMessage: "TRYAGAIN Multiple keys request during rehashing of slot"), .tryAgain)
        XCTAssertEqual(ClusterRedirect(errorMessage: "CLUSTERDOWN The cluster is down"), .clusterDown)
        XCTAssertNil(ClusterRedirect(errorMessage: "QUEUE_NOT_FOUND"))
        XCTAssertNil(ClusterRedirect(errorMessage: "MOVED 99999 h:1"))
        XCTAssertNil(ClusterRedirect(errorMessage: "NOSCRIPT No matching script"))
        XCTAssertEqual(splitAddress("::1:7003")?.host, "::1")
        XCTAssertEqual(splitAddress("[::1]:7003")?.port, 7003)
        XCTAssertNil(splitAddress("nohost"))
    }

    func testSeedsParse() throws {
        let seeds = try ClusterSeeds.parse("127.0.0.1:7001, redis://:secret@127.0.0.1:7002,host:7003")
        XCTAssertEqual(seeds.map(\.address), [
            .tcp(host: "127.0.0.1", port: 7001), .tcp(host: "127.0.0.1", port: 7002), .tcp(host: "host", port: 7003),
        ])
        XCTAssertEqual(seeds.map(\.password), ["secret", "secret", "secret"], "credentials apply to every node")
        XCTAssertThrowsError(try ClusterSeeds.parse(""))
        XCTAssertThrowsError(try ClusterSeeds.parse("127.0.0.1:7001/2"))
        XCTAssertThrowsError(try ClusterSeeds.parse("127.0.0.1:notaport"))
    }
}
