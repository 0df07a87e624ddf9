import Foundation
import NIOCore
import XCTest
@testable import LoadTest

final class ClientPartsTests: XCTestCase {
    func testBaseURLWithAndWithoutV1() throws {
        XCTAssertEqual(try BaseURL(parsing: "http://127.0.0.1:8888"), BaseURL(host: "127.0.0.1", port: 8888, apiPath: "/v1"))
        XCTAssertEqual(try BaseURL(parsing: "http://127.0.0.1:8888/v1"), BaseURL(host: "127.0.0.1", port: 8888, apiPath: "/v1"))
        XCTAssertEqual(try BaseURL(parsing: "http://127.0.0.1:8888/v1/"), BaseURL(host: "127.0.0.1", port: 8888, apiPath: "/v1"))
        XCTAssertEqual(try BaseURL(parsing: "http://example.com/queues-api"), BaseURL(host: "example.com", port: 80, apiPath: "/queues-api/v1"))
        XCTAssertEqual(try BaseURL(parsing: "http://[::1]:9000/v1"), BaseURL(host: "::1", port: 9000, apiPath: "/v1"))
        XCTAssertThrowsError(try BaseURL(parsing: "https://example.com"))
        XCTAssertThrowsError(try BaseURL(parsing: "http://host:notaport"))
    }

    func testClaimPathAddsWaitOnlyWhenWaiting() throws {
        for api in APIDialect.allCases {
            var config = BenchConfiguration(url: try BaseURL(parsing: "http://h:1", api: api), api: api)
            config.claimLimit = 5
            XCTAssertEqual(config.claimPath("q-1"), "/queues/q-1/claims?limit=5")
            config.wait = 2
            XCTAssertEqual(config.claimPath("q-1"), "/queues/q-1/claims?limit=5&wait=2")
            XCTAssertEqual(config.url.apiPath + config.claimPath("q-1"), "\(api.pathSegment)/queues/q-1/claims?limit=5&wait=2")
            XCTAssertEqual(config.claimPath("q-1", draining: true), "/queues/q-1/claims?limit=5")
        }
    }

    func testConsumersUseTheirOwnGatewayAndWaitLonger() throws {
        var config = BenchConfiguration(url: try BaseURL(parsing: "http://a:1"))
        config.consumerURL = try BaseURL(parsing: "http://b:2")
        config.wait = 3
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as? [String: Any])
        XCTAssertEqual(json["consumer_url"] as? String, "http://b:2/v1")
        XCTAssertEqual(json["wait"] as? Int, 3)
        XCTAssertEqual(try JSONDecoder().decode(BenchConfiguration.self, from: JSONEncoder().encode(config)), config)
    }

    func testLimitsProfileCapsBatchAndClaimLimit() {
        var config = BenchConfiguration(url: BaseURL(host: "h", port: 1))
        config.batch = 50
        config.claimLimit = 50
        config.limits = .zaqar
        let (zaqar, notes) = config.capped()
        XCTAssertEqual(zaqar.batch, 20)
        XCTAssertEqual(zaqar.claimLimit, 20)
        XCTAssertEqual(notes.count, 2)
        config.limits = .rackspace
        XCTAssertEqual(config.capped().0.batch, 50)
        XCTAssertTrue(config.capped().1.isEmpty)
    }

    func testPayloadHasTheRequestedSizeAndCarriesItsTag() throws {
        for asObject in [false, true] {
            let body = MessagePayload.body(tag: "p3-17", bytes: 200, asObject: asObject)
            XCTAssertEqual(body.utf8.count, 200)
            let parsed = try JSONSerialization.jsonObject(with: Data(body.utf8), options: .fragmentsAllowed)
            XCTAssertEqual(MessagePayload.tag(ofBody: parsed), "p3-17")
        }
        let batch = MessagePayload.batch(tags: ["p0-0", "p0-1"], bodyBytes: 40, ttl: 300, api: .v1)
        let array = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(batch.readableBytesView)) as? [[String: Any]])
        XCTAssertEqual(array.count, 2)
        XCTAssertEqual(array[0]["ttl"] as? Int, 300)
        XCTAssertTrue(array[0]["body"] is String)
        XCTAssertTrue(array[1]["body"] is [String: Any])
    }

    func testParsesPostClaimAndListReplies() {
        let post = ByteBuffer(string: #"{"partial":false,"resources":["/v1/queues/q/messages/aa","/v1/queues/q/messages/bb"]}"#)
        XCTAssertEqual(ResponseParser.postedIDs(post), ["aa", "bb"])

        let claim = ByteBuffer(string: #"[{"href":"/v1/queues/q/messages/aa?claim_id=c1","ttl":300,"age":0,"body":"p0-1 xx"}]"#)
        XCTAssertEqual(ResponseParser.claimed(claim, api: .v1), [.init(id: "aa", claimID: "c1", tag: "p0-1")])

        let list = ByteBuffer(string: #"{"messages":[{"href":"/v1/queues/q/messages/bb","ttl":300,"age":1,"body":{"tag":"p1-2","pad":""}}],"links":[{"rel":"next","href":"/v1/queues/q/messages?echo=true&limit=10&marker=42"}]}"#)
        let page = ResponseParser.listed(list)
        XCTAssertEqual(page?.messages, [.init(id: "bb", tag: "p1-2")])
        XCTAssertEqual(page?.nextMarker, "42")
        XCTAssertNil(ResponseParser.claimed(ByteBuffer(string: "not json"), api: .v1))
    }

    func testRandomUUIDIsCanonical() {
        let uuid = RandomID.uuid()
        XCTAssertEqual(uuid.count, 36)
        XCTAssertEqual(uuid.split(separator: "-").map(\.count), [8, 4, 4, 4, 12])
        XCTAssertNotEqual(uuid, RandomID.uuid())
    }
}
