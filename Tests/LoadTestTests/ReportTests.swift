import Foundation
import XCTest
@testable import LoadTest

final class ReportTests: XCTestCase {
    func testPercentilesComeFromTheHistogramInMilliseconds() {
        var stats = OperationStats()
        for ms in 1...1000 { stats.record(status: 201, success: true, latencyMicros: UInt64(ms) * 1000) }
        let l = LatencySummary(microseconds: stats.latency)
        XCTAssertEqual(l.p50, 500, accuracy: 0.5)
        XCTAssertEqual(l.p90, 900, accuracy: 0.9)
        XCTAssertEqual(l.p99, 990, accuracy: 1)
        XCTAssertEqual(l.p999, 999, accuracy: 1)
        XCTAssertEqual(l.max, 1000, accuracy: 1)
    }

    func testPercentilesOfNothingAreZero() {
        XCTAssertEqual(LatencySummary(microseconds: OperationStats.makeHistogram()), LatencySummary(p50: 0, p90: 0, p99: 0, p999: 0, max: 0))
    }

    func testErrorsByStatusAndTransport() {
        var stats = OperationStats()
        stats.record(status: 201, success: true, latencyMicros: 100, messages: 5)
        stats.record(status: 503, success: false, latencyMicros: 100, messages: 5)
        stats.record(status: 503, success: false, latencyMicros: 100)
        stats.record(status: nil, success: false, latencyMicros: 100)
        XCTAssertEqual(stats.count, 4)
        XCTAssertEqual(stats.messages, 5)
        XCTAssertEqual(stats.errors, ["503": 2, "transport": 1])
        XCTAssertEqual(stats.errorCount, 3)
        XCTAssertEqual(stats.latency.totalCount, 3)  // no latency for transport failures
    }

    func testReportJSONShape() throws {
        var post = OperationStats()
        post.record(status: 201, success: true, latencyMicros: 1500, messages: 10)
        post.record(status: nil, success: false, latencyMicros: 0)
        var delete = OperationStats()
        delete.record(status: 403, success: false, latencyMicros: 800)
        var config = BenchConfiguration(url: try BaseURL(parsing: "http://127.0.0.1:8888"))
        config.check = true
        var checker = CheckerReport()
        checker.posted = 10
        checker.lost = 1
        checker.examples = ["lost": ["q/a"]]
        let report = BenchReport(
            configuration: config, queues: ["bench-x-1"], producingSeconds: 2, drainSeconds: 0.5,
            statistics: [StatKey(.producer, .post): post, StatKey(.consumer, .delete): delete],
            workers: [.producer: 2, .consumer: 3], seconds: [.producer: 2, .consumer: 2.5], checker: checker)
        XCTAssertFalse(report.passed)

        let data = try JSONEncoder().encode(report)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(json["producing_seconds"] as? Double, 2)
        XCTAssertEqual(json["drain_seconds"] as? Double, 0.5)
        XCTAssertEqual(json["queues"] as? [String], ["bench-x-1"])
        let configuration = try XCTUnwrap(json["configuration"] as? [String: Any])
        XCTAssertEqual(configuration["url"] as? String, "http://127.0.0.1:8888/v1")
        XCTAssertEqual(configuration["api"] as? String, "v1")
        XCTAssertEqual(configuration["limits"] as? String, "rackspace")
        XCTAssertEqual(configuration["claim_ttl"] as? Int, 60)

        let roles = try XCTUnwrap(json["roles"] as? [[String: Any]])
        XCTAssertEqual(roles.map { $0["role"] as? String }, ["producer", "consumer"])
        XCTAssertEqual(roles[0]["workers"] as? Int, 2)
        let postJSON = try XCTUnwrap((roles[0]["operations"] as? [[String: Any]])?.first)
        XCTAssertEqual(postJSON["operation"] as? String, "post")
        XCTAssertEqual(postJSON["count"] as? Int, 2)
        XCTAssertEqual(postJSON["requests_per_second"] as? Double, 1)
        XCTAssertEqual(postJSON["messages"] as? Int, 10)
        XCTAssertEqual(postJSON["messages_per_second"] as? Double, 5)
        XCTAssertEqual(postJSON["errors"] as? [String: Int], ["transport": 1])
        let latency = try XCTUnwrap(postJSON["latency_ms"] as? [String: Double])
        XCTAssertEqual(Set(latency.keys), ["p50", "p90", "p99", "p99_9", "max"])
        XCTAssertEqual(latency["max"]!, 1.5, accuracy: 0.01)
        let deleteJSON = try XCTUnwrap((roles[1]["operations"] as? [[String: Any]])?.first)
        XCTAssertEqual(deleteJSON["operation"] as? String, "delete")
        XCTAssertNil(deleteJSON["messages"])
        XCTAssertNil(deleteJSON["messages_per_second"])
        XCTAssertEqual(deleteJSON["errors"] as? [String: Int], ["403": 1])

        let checkerJSON = try XCTUnwrap(json["checker"] as? [String: Any])
        for key in ["posted", "delivered", "observed", "deleted", "expired_undelivered", "unacknowledged_delivered",
                    "redelivered_after_lapse", "claimed_after_delete", "lost", "overlapping_claims", "phantom"] {
            XCTAssertNotNil(checkerJSON[key] as? Int, key)
        }
        XCTAssertEqual(checkerJSON["lost"] as? Int, 1)
        XCTAssertEqual(checkerJSON["passed"] as? Bool, false)
        XCTAssertEqual(checkerJSON["examples"] as? [String: [String]], ["lost": ["q/a"]])

        XCTAssertEqual(try JSONDecoder().decode(BenchReport.self, from: data), report)
    }

    func testEmptyClaimsAreCountedApart() throws {
        var claim = OperationStats()
        claim.record(status: 201, success: true, latencyMicros: 900, messages: 3, countsEmpty: true)
        claim.record(status: 204, success: true, latencyMicros: 2_000_000, countsEmpty: true)
        claim.record(status: 503, success: false, latencyMicros: 100, countsEmpty: true)
        var delete = OperationStats()
        delete.record(status: 204, success: true, latencyMicros: 500)
        XCTAssertEqual(claim.empty, 1)
        XCTAssertEqual(delete.empty, 0)
        var config = BenchConfiguration(url: try BaseURL(parsing: "http://h:1"))
        config.wait = 2
        let report = BenchReport(
            configuration: config, queues: ["q"], producingSeconds: 1, drainSeconds: 0,
            statistics: [StatKey(.consumer, .claim): claim, StatKey(.consumer, .delete): delete],
            workers: [.consumer: 1], seconds: [.consumer: 1], checker: nil)
        let operations = try XCTUnwrap(report.roles.first?.operations)
        XCTAssertEqual(operations.map(\.empty), [1, nil])
        let text = ReportFormatter.text(report)
        XCTAssertTrue(text.contains("wait 2 s"), text)
        XCTAssertTrue(text.contains(" empty "), text)
    }

    func testTextReportNamesEveryOperationAndTheVerdict() throws {
        var stats = OperationStats()
        stats.record(status: 201, success: true, latencyMicros: 2000, messages: 1)
        let report = BenchReport(
            configuration: BenchConfiguration(url: try BaseURL(parsing: "http://h:1")), queues: ["q"],
            producingSeconds: 1, drainSeconds: 0, statistics: [StatKey(.producer, .post): stats],
            workers: [.producer: 1], seconds: [.producer: 1], checker: CheckerReport())
        let text = ReportFormatter.text(report)
        XCTAssertTrue(text.contains("producer  post"), text)
        XCTAssertTrue(text.contains("p99.9 ms"), text)
        XCTAssertTrue(text.contains("-> PASS"), text)
    }
}
