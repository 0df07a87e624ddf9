import XCTest

@testable import CloudQueuesAPI

final class RouteTests: XCTestCase {
    private func match(_ path: String) -> Route? { Route.match(path: path)?.route }
    private func project(_ path: String) -> String? { Route.match(path: path)?.pathProject }

    func testBothURLFormsAndTrailingSlash() {
        XCTAssertEqual(match("/v1/queues/q/messages/abc"), .message("q", id: "abc"))
        XCTAssertEqual(match("/v1/p1/queues/q/messages/abc"), .message("q", id: "abc"))
        XCTAssertEqual(project("/v1/p1/queues/q/claims/c"), "p1")
        XCTAssertNil(project("/v1/queues/q/claims/c"))
        XCTAssertEqual(match("/v1/queues/"), .queues)
        XCTAssertEqual(match("/v1/p%2F1/queues/q/stats"), .stats("q"))
        XCTAssertEqual(project("/v1/p%2F1/queues/q/stats"), "p/1", "project ids are percent-decoded")
    }

    func testFixedSegmentsWinOverProjectIDs() {
        XCTAssertEqual(match("/v1/health"), .health)
        XCTAssertEqual(match("/v1/queues"), .queues)
        XCTAssertEqual(match("/v1/queues/health"), .queue("health"))
        XCTAssertNil(match("/v1/queues/q/nonsense"))
    }

    func testHomeDocumentForV1AndAnySingleSegment() {
        XCTAssertEqual(match("/v1"), .home)
        XCTAssertEqual(match("/v1/"), .home)
        XCTAssertEqual(match("/v1/12345"), .home)
        XCTAssertNil(match("/v2/queues"))
        XCTAssertNil(match("/"))
        XCTAssertNil(match("/v1/queues//messages"))
    }
}

final class ClientIDTests: XCTestCase {
    func testAcceptsPythonUUIDSpellingsAndCanonicalises() {
        let canonical = "3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5f"
        for spelling in [canonical, "3E1C0F8E1C2A4F1B9C3D0A1B2C3D4E5F", "{3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5f}",
                         "urn:uuid:3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5f"] {
            XCTAssertEqual(ClientID.canonical(spelling), canonical, spelling)
        }
    }

    func testRejectsAnythingElse() {
        for bad in ["", "not-a-uuid", "3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5", "3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5fz"] {
            XCTAssertNil(ClientID.canonical(bad), bad)
        }
    }
}

final class FormattingTests: XCTestCase {
    func testISODates() {
        XCTAssertEqual(ISODate.format(milliseconds: 0), "1970-01-01T00:00:00Z")
        XCTAssertEqual(ISODate.format(milliseconds: 1_705_111_906_999), "2024-01-13T02:11:46Z")
        XCTAssertEqual(ISODate.format(milliseconds: 951_782_400_000), "2000-02-29T00:00:00Z")
    }

    func testJSONWriterEscapesWhatJSONRequiresAndKeepsUnicode() {
        var json = JSONWriter()
        json.beginObject()
        json.member("title", string: "a\"b\\c\nd\u{1}é")
        json.member("n", int: -3)
        json.member("raw", raw: "[1,{\"x\":null}]")
        json.endObject()
        XCTAssertEqual(String(buffer: json.buffer), "{\"title\":\"a\\\"b\\\\c\\nd\\u0001é\",\"n\":-3,\"raw\":[1,{\"x\":null}]}")
    }

    func testAcceptHeaders() {
        XCTAssertTrue(APICall.acceptsJSON("application/json"))
        XCTAssertTrue(APICall.acceptsJSON("text/html, */*;q=0.1"))
        XCTAssertTrue(APICall.acceptsJSON("application/vnd.openstack.messaging-v1+json"))
        XCTAssertFalse(APICall.acceptsJSON("application/xml"))
        XCTAssertFalse(APICall.acceptsJSON("text/plain; charset=utf-8"))
    }
}
