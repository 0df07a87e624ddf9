import NIOCore
import NIOEmbedded
import XCTest

@testable import RedisClient

/// The pipelining handler without a server: requests written, reply bytes fed in any split.
final class RedisChannelHandlerTests: XCTestCase {
    private func makeChannel(timeout: TimeAmount = .seconds(5)) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(RedisChannelHandler(timeout: timeout))
        return channel
    }

    private func send(_ channel: EmbeddedChannel, _ command: RedisCommand) throws -> EventLoopFuture<RESPValue> {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        var bytes = channel.allocator.buffer(capacity: 64)
        command.encode(into: &bytes)
        try channel.writeOutbound(RedisRequest(bytes: bytes, promise: promise))
        return promise.futureResult
    }

    func testPipelinedRepliesCompleteRequestsInOrderAcrossSplitReads() throws {
        let channel = try makeChannel()
        let a = try send(channel, RedisCommand("GET", ["a"]))
        let b = try send(channel, RedisCommand("LRANGE", ["l", "0", "-1"]))
        let c = try send(channel, RedisCommand("INCR", ["n"]))
        let d = try send(channel, RedisCommand("BAD"))
        let wire = "$5\r\nhello\r\n*3\r\n$1\r\nx\r\n$-1\r\n:7\r\n:42\r\n-ERR unknown command\r\n"
        let bytes = Array(wire.utf8)
        // Feed the replies in awkward pieces: the reader must reassemble them.
        for chunk in stride(from: 0, to: bytes.count, by: 5) {
            try channel.writeInbound(channel.allocator.buffer(bytes: bytes[chunk..<min(chunk + 5, bytes.count)]))
        }
        XCTAssertEqual(try a.wait(), .bulkString("hello"))
        XCTAssertEqual(try b.wait(), .array([.bulkString("x"), .null, .integer(7)]))
        XCTAssertEqual(try c.wait(), .integer(42))
        XCTAssertEqual(try d.wait(), .error("ERR unknown command"))
    }

    func testConnectionLossFailsEveryRequestInFlight() throws {
        let channel = try makeChannel()
        let a = try send(channel, RedisCommand("PING"))
        let b = try send(channel, RedisCommand("PING"))
        try channel.close().wait()
        XCTAssertThrowsError(try a.wait()) { XCTAssertEqual($0 as? RedisError, .connectionLost) }
        XCTAssertThrowsError(try b.wait()) { XCTAssertEqual($0 as? RedisError, .connectionLost) }
    }

    func testProtocolErrorClosesTheConnection() throws {
        let channel = try makeChannel()
        let a = try send(channel, RedisCommand("PING"))
        try? channel.writeInbound(channel.allocator.buffer(string: "?garbage\r\n"))
        XCTAssertThrowsError(try a.wait())
        XCTAssertFalse(channel.isActive)
    }

    func testUnansweredRequestTimesOutAndClosesTheConnection() throws {
        let channel = try makeChannel(timeout: .milliseconds(100))
        let a = try send(channel, RedisCommand("PING"))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(250))
        XCTAssertThrowsError(try a.wait()) { XCTAssertEqual($0 as? RedisError, .timeout) }
        XCTAssertFalse(channel.isActive)
    }
}
