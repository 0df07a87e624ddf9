import NIOCore
import XCTest

@testable import RedisClient

final class RedisCommandTests: XCTestCase {
    func testEncodesCommandAsRESPArrayOfBulkStrings() {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        RedisCommand("SET", ["key", .int(42), .bytes(ByteBuffer(string: "é"))]).encode(into: &buffer)
        XCTAssertEqual(String(buffer: buffer), "*4\r\n$3\r\nSET\r\n$3\r\nkey\r\n$2\r\n42\r\n$2\r\né\r\n")
    }

    func testDecimalWriterHandlesMultiDigitNumbers() {
        var buffer = ByteBufferAllocator().buffer(capacity: 32)
        for n in [0, 7, 10, 99, 12345, 9_223_372_036_854_775_807] { buffer.writeDecimal(n); buffer.writeString(",") }
        XCTAssertEqual(String(buffer: buffer), "0,7,10,99,12345,9223372036854775807,")
    }

    func testSHA1MatchesKnownVectors() {
        XCTAssertEqual(RedisScript(name: "t", source: "abc").sha1, "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(RedisScript(name: "t", source: "").sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        XCTAssertEqual(RedisScript(name: "t", source: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").sha1,
                       "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }
}
