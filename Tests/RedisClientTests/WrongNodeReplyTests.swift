import XCTest

@testable import RedisClient

/// Which error replies mean "this node did not run it" (503, and after a failover one retry).
final class WrongNodeReplyTests: XCTestCase {
    func testClassifiesRepliesThatMeanTheCommandDidNotRun() {
        XCTAssertEqual(WrongNodeReply("READONLY You can't write against a read only replica."), .readOnly)
        XCTAssertEqual(WrongNodeReply("READONLY You can't write against a read only replica. script: 09af, on @user_script:1."), .readOnly)
        XCTAssertEqual(WrongNodeReply("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."), .masterDown)
        XCTAssertEqual(WrongNodeReply("LOADING Redis is loading the dataset in memory"), .loading)
        XCTAssertTrue(WrongNodeReply("READONLY x")!.isWrongNode)
        XCTAssertTrue(WrongNodeReply("MASTERDOWN x")!.isWrongNode)
        XCTAssertFalse(WrongNodeReply("LOADING x")!.isWrongNode, "a loading master is the right node: no reconnect")
    }

    func testOtherErrorsAreNotWrongNodeReplies() {
        XCTAssertNil(WrongNodeReply("NOSCRIPT No matching script."))
        XCTAssertNil(WrongNodeReply("QUEUE_NOT_FOUND queue does not exist"))
        XCTAssertNil(WrongNodeReply("ERR unknown command"))
        XCTAssertNil(WrongNodeReply("OOM command not allowed when used memory > 'maxmemory'."))
    }
}
