import JSONText
import XCTest

/// Integer literals must fit Int64 (as the reference server rejects them); floats are unrestricted.
final class IntegerLimitTests: XCTestCase {
    func testInt64BoundsAccepted() {
        assertValid("9223372036854775807", .number)
        assertValid("-9223372036854775808", .number)
        assertValid("9223372036854775806", .number)
        assertValid("-9223372036854775807", .number)
        assertValid("1000000000000000000", .number)   // 19 digits
        assertValid("9123372036854775807", .number)   // 19 digits, first digit decides
        assertValid("-0", .number)
        assertValid("0", .number)
    }

    func testOneBeyondRejected() {
        assertInvalid("9223372036854775808", at: 0, "integer 9223372036854775808 does not fit 64 bits at byte 0")
        assertInvalid("-9223372036854775809", at: 0, "integer -9223372036854775809 does not fit 64 bits at byte 0")
    }

    func testFartherBeyondRejected() {
        assertInvalid("9223372036854775810", at: 0, "does not fit 64 bits")  // differs late
        assertInvalid("9999999999999999999", at: 0, "does not fit 64 bits")
        assertInvalid("-9999999999999999999", at: 0, "does not fit 64 bits")
        assertInvalid("10000000000000000000", at: 0, "does not fit 64 bits") // 20 digits
        assertInvalid("99999999999999999999999", at: 0, "integer 99999999999999999999999 does not fit")
        assertInvalid(String(repeating: "9", count: 40), at: 0, "integer \(String(repeating: "9", count: 32))... does not fit")
    }

    func testOffsetsInsideDocuments() {
        assertInvalid("[1, 9223372036854775808]", at: 4, "at byte 4")
        assertInvalid("{\"ttl\": -9223372036854775809}", at: 8, "integer -9223372036854775809")
        assertInvalid("{\"a\":{\"b\":[0,18446744073709551616]}}", at: 13, "integer 18446744073709551616")
    }

    func testFloatsOfAnySizeAccepted() {
        assertValid("9223372036854775808.0", .number)
        assertValid("9223372036854775808e0", .number)
        assertValid("-9223372036854775809.5", .number)
        assertValid("1e99", .number)
        assertValid("123456789012345678901234567890E-10", .number)
        assertValid("1.0", .number)
        assertValid("1e2", .number)
    }
}
