import Foundation
import NIOCore
import XCTest
@testable import LoadTest

/// The v2 side of the bench: its URL, request bodies and the replies of our gateway's v2 API
/// (bodies captured from `serve`, ids as it makes them).
final class APIDialectTests: XCTestCase {
    func testBaseURLTakesTheVersionOfTheAPI() throws {
        XCTAssertEqual(try BaseURL(parsing: "http://127.0.0.1:8898", api: .v2), BaseURL(host: "127.0.0.1", port: 8898, apiPath: "/v2"))
        XCTAssertEqual(try BaseURL(parsing: "http://127.0.0.1:8898/v2/", api: .v2), BaseURL(host: "127.0.0.1", port: 8898, apiPath: "/v2"))
        XCTAssertEqual(try BaseURL(parsing: "http://example.com/queues-api", api: .v2), BaseURL(host: "example.com", port: 80, apiPath: "/queues-api/v2"))
        XCTAssertThrowsError(try BaseURL(parsing: "http://127.0.0.1:8898/v1", api: .v2))
        XCTAssertThrowsError(try BaseURL(parsing: "http://127.0.0.1:8898/v2", api: .v1))
    }

    func testV2PostBodyIsTheMessagesEnvelope() throws {
        let batch = MessagePayload.batch(tags: ["p0-0", "p0-1"], bodyBytes: 40, ttl: 300, api: .v2)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(batch.readableBytesView)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["messages"])
        let messages = try XCTUnwrap(object["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.count, 2)
        for message in messages {
            XCTAssertEqual(Set(message.keys), ["ttl", "body"])
            XCTAssertEqual(message["ttl"] as? Int, 300)
        }
        XCTAssertEqual(messages.map { MessagePayload.tag(ofBody: $0["body"]) }, ["p0-0", "p0-1"])
    }

    func testParsesV2PostReply() {
        let post = ByteBuffer(string: #"{"resources":["/v2/queues/shape/messages/2c2f15c422c2633d25364314","/v2/queues/shape/messages/be67f0905bbaede790a63f60"]}"#)
        XCTAssertEqual(ResponseParser.postedIDs(post), ["2c2f15c422c2633d25364314", "be67f0905bbaede790a63f60"])
    }

    func testParsesV2ClaimReplyAndRefusesTheOtherEnvelope() {
        let claim = ByteBuffer(string: #"{"messages":[{"id":"2c2f15c422c2633d25364314","href":"/v2/queues/shape/messages/2c2f15c422c2633d25364314?claim_id=e864baaac591a8985c301ffb","ttl":300,"age":0,"body":"p0-0 xx"},{"id":"be67f0905bbaede790a63f60","href":"/v2/queues/shape/messages/be67f0905bbaede790a63f60?claim_id=e864baaac591a8985c301ffb","ttl":300,"age":0,"body":{"tag":"p0-1","pad":"x"}}]}"#)
        XCTAssertEqual(ResponseParser.claimed(claim, api: .v2), [
            .init(id: "2c2f15c422c2633d25364314", claimID: "e864baaac591a8985c301ffb", tag: "p0-0"),
            .init(id: "be67f0905bbaede790a63f60", claimID: "e864baaac591a8985c301ffb", tag: "p0-1"),
        ])
        XCTAssertNil(ResponseParser.claimed(claim, api: .v1))
        let v1Claim = ByteBuffer(string: #"[{"href":"/v1/queues/q/messages/aa?claim_id=c1","ttl":300,"age":0,"body":"p0-1 xx"}]"#)
        XCTAssertNil(ResponseParser.claimed(v1Claim, api: .v2))
    }

    func testParsesV2ListPagesIncludingTheEmptyOne() {
        let page = ResponseParser.listed(ByteBuffer(string: #"{"messages":[{"id":"2c2f15c422c2633d25364314","href":"/v2/queues/shape/messages/2c2f15c422c2633d25364314","ttl":300,"age":0,"body":"p0-0 xx"}],"links":[{"rel":"next","href":"/v2/queues/shape/messages?marker=1&limit=1&echo=true"}]}"#))
        XCTAssertEqual(page?.messages, [.init(id: "2c2f15c422c2633d25364314", tag: "p0-0")])
        XCTAssertEqual(page?.nextMarker, "1")

        let empty = ResponseParser.listed(ByteBuffer(string: #"{"messages":[],"links":[]}"#))
        XCTAssertEqual(empty?.messages, [])
        XCTAssertNil(empty?.nextMarker)
    }

    func testParsesV2StatsTotal() {
        let stats = ByteBuffer(string: #"{"messages":{"claimed":2,"free":0,"delayed":0,"total":2,"oldest":{"age":0,"created":"2026-12-03T17:35:45Z","href":"/v2/queues/shape/messages/2c2f15c422c2633d25364314"},"newest":{"age":0,"created":"2026-12-03T17:35:45Z","href":"/v2/queues/shape/messages/be67f0905bbaede790a63f60"}}}"#)
        XCTAssertEqual(ResponseParser.totalMessages(stats), 2)
        XCTAssertEqual(ResponseParser.totalMessages(ByteBuffer(string: #"{"messages":{"claimed":0,"free":0,"delayed":0,"total":0}}"#)), 0)
    }

    func testV2ReportNamesTheAPIAndRoundTrips() throws {
        let config = BenchConfiguration(url: try BaseURL(parsing: "http://h:1", api: .v2), api: .v2)
        let report = BenchReport(
            configuration: config, queues: ["q"], producingSeconds: 1, drainSeconds: 0, statistics: [:],
            workers: [:], seconds: [:], checker: nil)
        XCTAssertTrue(ReportFormatter.text(report).hasPrefix("cloud-queues bench: api v2, http://h:1/v2,"))
        let data = try JSONEncoder().encode(report)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let configuration = try XCTUnwrap(json["configuration"] as? [String: Any])
        XCTAssertEqual(configuration["api"] as? String, "v2")
        XCTAssertEqual(configuration["url"] as? String, "http://h:1/v2")
        XCTAssertEqual(try JSONDecoder().decode(BenchReport.self, from: data), report)
    }
}
