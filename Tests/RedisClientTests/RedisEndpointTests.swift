import XCTest

@testable import RedisClient

final class RedisEndpointTests: XCTestCase {
    func testParsesHostPortAndDatabase() throws {
        let e = try RedisEndpoint(url: "redis://10.0.0.5:6380/3")
        XCTAssertEqual(e.address, .tcp(host: "10.0.0.5", port: 6380))
        XCTAssertEqual(e.database, 3)
        XCTAssertNil(e.password)
    }

    func testParsesUserAndPasswordWithPercentEscapes() throws {
        let e = try RedisEndpoint(url: "redis://app:s%40cret@localhost")
        XCTAssertEqual(e.address, .tcp(host: "localhost", port: 6379))
        XCTAssertEqual(e.user, "app")
        XCTAssertEqual(e.password, "s@cret")
        let passwordOnly = try RedisEndpoint(url: "redis://:pw@h:1/0")
        XCTAssertNil(passwordOnly.user)
        XCTAssertEqual(passwordOnly.password, "pw")
        XCTAssertFalse(passwordOnly.description.contains("pw"), "passwords never reach logs")
    }

    func testParsesUnixSocketsAndIPv6() throws {
        let u = try RedisEndpoint(url: "unix:///run/redis.sock?db=2")
        XCTAssertEqual(u.address, .unixSocket(path: "/run/redis.sock"))
        XCTAssertEqual(u.database, 2)
        XCTAssertEqual(try RedisEndpoint(url: "redis://[::1]:7000").address, .tcp(host: "::1", port: 7000))
    }

    func testRejectsMalformedURLs() {
        for bad in ["http://h:1", "redis://", "redis://h:port", "redis://h:70000", "redis://h/x", "unix://relative"] {
            XCTAssertThrowsError(try RedisEndpoint(url: bad), bad)
        }
    }
}
