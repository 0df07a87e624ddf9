import XCTest
@testable import LoadTest

final class QueueCheckerTests: XCTestCase {
    private func report(_ events: [QueueChecker.Event], at end: Double) -> CheckerReport {
        var checker = QueueChecker()
        checker.record(events)
        return checker.report(at: end)
    }

    // MARK: lost

    func testPostedNeverDeliveredAndAliveIsLost() {
        let r = report([.posted(message: "q/a", at: 10, ttl: 300)], at: 20)
        XCTAssertEqual(r.lost, 1)
        XCTAssertEqual(r.examples["lost"], ["q/a"])
        XCTAssertFalse(r.passed)
    }

    func testClaimedMessageIsNotLost() {
        let r = report([
            .posted(message: "q/a", at: 10, ttl: 300),
            .claimed(message: "q/a", claim: "c1", at: 11, claimTTL: 60),
        ], at: 20)
        XCTAssertEqual(r.lost, 0)
        XCTAssertEqual(r.delivered, 1)
        XCTAssertTrue(r.passed)
    }

    func testMessageSeenOnlyByAnObserverIsNotLost() {
        let r = report([
            .posted(message: "q/a", at: 10, ttl: 300),
            .observed(message: "q/a", at: 12),
        ], at: 20)
        XCTAssertEqual(r.lost, 0)
        XCTAssertEqual(r.observed, 1)
        XCTAssertEqual(r.delivered, 0)
    }

    func testUndeliveredMessagePastItsTTLIsExpiredNotLost() {
        let r = report([.posted(message: "q/a", at: 10, ttl: 60)], at: 70)
        XCTAssertEqual(r.lost, 0)
        XCTAssertEqual(r.expiredUndelivered, 1)
    }

    func testExpiryUsesTheTolerance() {
        // Alive until 70; within a second of it the verdict is "expired", before that "lost".
        XCTAssertEqual(report([.posted(message: "q/a", at: 10, ttl: 60)], at: 69.5).lost, 0)
        XCTAssertEqual(report([.posted(message: "q/a", at: 10, ttl: 60)], at: 68.9).lost, 1)
    }

    // MARK: overlapping claims

    func testSecondClaimWhileFirstIsLiveOverlaps() {
        let r = report([
            .posted(message: "q/a", at: 0, ttl: 300),
            .claimed(message: "q/a", claim: "c1", at: 10, claimTTL: 60),
            .claimed(message: "q/a", claim: "c2", at: 30, claimTTL: 60),
        ], at: 40)
        XCTAssertEqual(r.overlappingClaims, 1)
        XCTAssertEqual(r.redeliveredAfterLapse, 0)
        XCTAssertEqual(r.examples["overlapping_claims"], ["q/a"])
        XCTAssertFalse(r.passed)
    }

    func testReclaimAfterLapseIsRedeliveryNotOverlap() {
        let r = report([
            .posted(message: "q/a", at: 0, ttl: 300),
            .claimed(message: "q/a", claim: "c1", at: 10, claimTTL: 60),
            .claimed(message: "q/a", claim: "c2", at: 75, claimTTL: 60),
        ], at: 80)
        XCTAssertEqual(r.overlappingClaims, 0)
        XCTAssertEqual(r.redeliveredAfterLapse, 1)
        XCTAssertTrue(r.passed)
    }

    func testReclaimWithinToleranceOfTheLapseIsNotOverlap() {
        let r = report([
            .posted(message: "q/a", at: 0, ttl: 300),
            .claimed(message: "q/a", claim: "c1", at: 10, claimTTL: 60),
            .claimed(message: "q/a", claim: "c2", at: 69.2, claimTTL: 60),
        ], at: 80)
        XCTAssertEqual(r.overlappingClaims, 0)
        XCTAssertEqual(r.redeliveredAfterLapse, 1)
    }

    func testOverlapIsJudgedAgainstTheLongestEarlierClaim() {
        // c1 lives until 610; c2 overlaps it; c3 comes after c2 lapsed but while c1 is live.
        let r = report([
            .posted(message: "q/a", at: 0, ttl: 900),
            .claimed(message: "q/a", claim: "c1", at: 10, claimTTL: 600),
            .claimed(message: "q/a", claim: "c2", at: 100, claimTTL: 60),
            .claimed(message: "q/a", claim: "c3", at: 200, claimTTL: 60),
        ], at: 300)
        XCTAssertEqual(r.overlappingClaims, 2)
    }

    func testDeleteThenNothingCountsNothing() {
        let r = report([
            .posted(message: "q/a", at: 0, ttl: 300),
            .claimed(message: "q/a", claim: "c1", at: 1, claimTTL: 60),
            .deleted(message: "q/a", claim: "c1", at: 1.1),
        ], at: 10)
        XCTAssertEqual(r.deleted, 1)
        XCTAssertEqual(r.overlappingClaims, 0)
        XCTAssertEqual(r.redeliveredAfterLapse, 0)
        XCTAssertEqual(r.claimedAfterDelete, 0)
        XCTAssertEqual(r.lost, 0)
        XCTAssertTrue(r.passed)
    }

    func testClaimAfterDeleteIsNotOverlap() {
        let r = report([
            .posted(message: "q/a", at: 0, ttl: 300),
            .claimed(message: "q/a", claim: "c1", at: 1, claimTTL: 60),
            .deleted(message: "q/a", claim: "c1", at: 1.1),
            .claimed(message: "q/a", claim: "c2", at: 2, claimTTL: 60),
        ], at: 10)
        XCTAssertEqual(r.overlappingClaims, 0)
        XCTAssertEqual(r.claimedAfterDelete, 1)
    }

    func testTheSameClaimReportedTwiceIsOneClaim() {
        let r = report([
            .posted(message: "q/a", at: 0, ttl: 300),
            .claimed(message: "q/a", claim: "c1", at: 1, claimTTL: 60),
            .claimed(message: "q/a", claim: "c1", at: 1, claimTTL: 60),
        ], at: 10)
        XCTAssertEqual(r.overlappingClaims, 0)
        XCTAssertEqual(r.redeliveredAfterLapse, 0)
    }

    func testEventOrderDoesNotMatter() {
        let events: [QueueChecker.Event] = [
            .claimed(message: "q/a", claim: "c2", at: 30, claimTTL: 60),
            .posted(message: "q/a", at: 0, ttl: 300),
            .claimed(message: "q/a", claim: "c1", at: 10, claimTTL: 60),
        ]
        XCTAssertEqual(report(events, at: 40), report(events.reversed(), at: 40))
        XCTAssertEqual(report(events, at: 40).overlappingClaims, 1)
    }

    // MARK: phantom

    func testClaimedButNeverPostedIsPhantom() {
        let r = report([.claimed(message: "q/x", claim: "c1", at: 1, claimTTL: 60)], at: 10)
        XCTAssertEqual(r.phantom, 1)
        XCTAssertEqual(r.examples["phantom"], ["q/x"])
        XCTAssertFalse(r.passed)
    }

    func testObservedButNeverPostedIsPhantom() {
        XCTAssertEqual(report([.observed(message: "q/x", at: 1)], at: 10).phantom, 1)
    }

    func testPostAcknowledgedAfterTheClaimIsNotPhantom() {
        let r = report([
            .claimed(message: "q/a", claim: "c1", at: 1, claimTTL: 60),
            .posted(message: "q/a", at: 1.01, ttl: 300),
        ], at: 10)
        XCTAssertEqual(r.phantom, 0)
        XCTAssertEqual(r.posted, 1)
    }

    func testDeliveredFromAnUncertainPostIsUnacknowledgedNotPhantom() {
        let r = report([
            .uncertainPost(tags: ["p0-7", "p0-8"]),
            .claimed(message: "q/x", claim: "c1", at: 1, claimTTL: 60, tag: "p0-8"),
            .claimed(message: "q/y", claim: "c1", at: 1, claimTTL: 60, tag: "p1-1"),
        ], at: 10)
        XCTAssertEqual(r.unacknowledgedDelivered, 1)
        XCTAssertEqual(r.phantom, 1)
        XCTAssertEqual(r.examples["phantom"], ["q/y"])
    }

    func testPostedButUndeliveredIsNotPhantom() {
        XCTAssertEqual(report([.posted(message: "q/a", at: 0, ttl: 60)], at: 100).phantom, 0)
    }

    // MARK: totals

    func testCountersOverAMixedRun() {
        let r = report([
            .posted(message: "q/a", at: 0, ttl: 300),
            .posted(message: "q/b", at: 0, ttl: 300),
            .posted(message: "q/c", at: 0, ttl: 300),
            .claimed(message: "q/a", claim: "c1", at: 1, claimTTL: 60),
            .deleted(message: "q/a", claim: "c1", at: 1.2),
            .claimed(message: "q/b", claim: "c1", at: 1, claimTTL: 60),  // delete failed, lapsed
            .claimed(message: "q/b", claim: "c2", at: 62, claimTTL: 60),
            .deleted(message: "q/b", claim: "c2", at: 62.1),
            .observed(message: "q/c", at: 0.5),
        ], at: 70)
        XCTAssertEqual(r.posted, 3)
        XCTAssertEqual(r.delivered, 2)
        XCTAssertEqual(r.observed, 1)
        XCTAssertEqual(r.deleted, 2)
        XCTAssertEqual(r.redeliveredAfterLapse, 1)
        XCTAssertEqual(r.lost + r.overlappingClaims + r.phantom, 0)
        XCTAssertTrue(r.passed)
    }
}
