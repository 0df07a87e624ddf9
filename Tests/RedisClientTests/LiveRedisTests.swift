import Foundation
import NIOCore
import NIOPosix
import XCTest

@testable import RedisClient

/// Against the real redis-server that `scripts/test.sh` starts (CQ_TEST_REDIS_URL).
final class LiveRedisTests: XCTestCase {
    private var group: MultiThreadedEventLoopGroup!

    override func setUp() { group = MultiThreadedEventLoopGroup(numberOfThreads: 2) }
    override func tearDown() { try? group.syncShutdownGracefully() }

    private func endpoint() throws -> RedisEndpoint {
        guard let url = ProcessInfo.processInfo.environment["CQ_TEST_REDIS_URL"] else {
            throw XCTSkip("CQ_TEST_REDIS_URL is not set (scripts/test.sh starts a Redis and sets it)")
        }
        return try RedisEndpoint(url: url)
    }

    func testManyConcurrentCommandsArePipelinedAndEachGetsItsOwnReply() async throws {
        let client = RedisClient(endpoint: try endpoint(), eventLoopGroup: group)
        let key = "test:pipeline:\(UUID().uuidString)"
        let replies = try await withThrowingTaskGroup(of: Int64.self) { tasks in
            for _ in 0..<500 {
                tasks.addTask { try await client.send(RedisCommand("INCR", [.string(key)])).int ?? -1 }
            }
            return try await tasks.reduce(into: [Int64]()) { $0.append($1) }
        }
        XCTAssertEqual(Set(replies), Set(1...500), "every INCR saw a distinct value")
        _ = try await client.send(RedisCommand("DEL", [.string(key)]))
        await client.close()
    }

    func testScriptIsLoadedAgainAfterNOSCRIPT() async throws {
        let client = RedisClient(endpoint: try endpoint(), eventLoopGroup: group)
        let script = RedisScript(name: "echo", source: "return ARGV[1] .. '-' .. KEYS[1] -- \(UUID().uuidString)")
        _ = try await client.send(RedisCommand("SCRIPT", ["FLUSH"]))
        let reply = try await client.run(script, keys: ["k"], arguments: ["v"])
        XCTAssertEqual(reply, .bulkString("v-k"))
        let exists = try await client.send(RedisCommand("SCRIPT", ["EXISTS", .string(script.sha1)]))
        XCTAssertEqual(exists, .array([.integer(1)]), "the local SHA-1 is the one Redis computes")
        await client.close()
    }

    func testScriptErrorsAreServerErrors() async throws {
        let client = RedisClient(endpoint: try endpoint(), eventLoopGroup: group)
        let script = RedisScript(name: "fails", source: "return redis.error_reply('QUEUE_NOT_FOUND nope')")
        do {
            _ = try await client.run(script, keys: [], arguments: [])
            XCTFail("expected an error")
        } catch let error as RedisError {
            XCTAssertEqual(error, .server("QUEUE_NOT_FOUND nope"))
        }
        await client.close()
    }

    func testUnreachableRedisFailsFastAsUnavailable() async throws {
        // A port nothing listens on: connection refused at once, no hang.
        let dead = RedisEndpoint(address: .tcp(host: "127.0.0.1", port: 1))
        let client = RedisClient(endpoint: dead, eventLoopGroup: group)
        let start = ContinuousClock.now
        do {
            _ = try await client.send(RedisCommand("PING"))
            XCTFail("expected unavailable")
        } catch let error as RedisError {
            guard case .unavailable = error else { return XCTFail("got \(error)") }
        }
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
        await client.close()
    }

    func testTimeoutDropsTheConnectionAndTheNextCommandReconnects() async throws {
        let client = RedisClient(
            endpoint: try endpoint(), eventLoopGroup: group,
            configuration: .init(commandTimeout: .milliseconds(200), reconnectBackoff: .milliseconds(0)))
        // Another connection pauses Redis's clients for 600 ms: our command gets no reply in time.
        let pauser = RedisClient(endpoint: try endpoint(), eventLoopGroup: group)
        _ = try await pauser.send(RedisCommand("CLIENT", ["PAUSE", "600", "ALL"]))
        do {
            _ = try await client.send(RedisCommand("PING"))
            XCTFail("expected a timeout")
        } catch let error as RedisError {
            XCTAssertEqual(error, .timeout)
        }
        try await Task.sleep(for: .milliseconds(600))
        let pong = try await client.send(RedisCommand("PING"))
        XCTAssertEqual(pong, .simpleString("PONG"))
        await client.close()
        await pauser.close()
    }
}
