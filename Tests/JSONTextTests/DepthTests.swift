import JSONText
import XCTest

/// Nesting limit: exactly at the limit passes, one more level fails at the offending bracket.
final class DepthTests: XCTestCase {
    private func arrays(_ n: Int) -> String {
        String(repeating: "[", count: n) + String(repeating: "]", count: n)
    }

    /// Opening part of `n` levels alternating object/array (level k is an object when k % 3 == 0).
    private func mixedOpen(_ n: Int) -> String {
        (0..<n).map { $0 % 3 == 0 ? "{\"k\":" : "[" }.joined()
    }

    /// Closing part; every container also gets a trailing member/element, so the validator must
    /// remember each level's kind correctly when it returns to it.
    private func mixedClose(_ n: Int) -> String {
        (0..<n).reversed().map { $0 % 3 == 0 ? ",\"z\":true}" : ",1]" }.joined()
    }

    private func mixed(_ n: Int) -> String { mixedOpen(n) + "0" + mixedClose(n) }

    func testArraysAtDefaultLimit() {
        assertValid(arrays(64), .array)
        assertInvalid(arrays(65), at: 64, "nesting deeper than 64 levels at byte 64")
    }

    func testObjectsAtDefaultLimit() {
        let ok = String(repeating: "{\"a\":", count: 64) + "1" + String(repeating: "}", count: 64)
        assertValid(ok, .object)
        let deep = String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65)
        assertInvalid(deep, at: 320, "nesting deeper than 64 levels at byte 320")
    }

    func testMixedAtDefaultLimit() {
        assertValid(mixed(64), .object)
        assertInvalid(mixed(65), at: mixedOpen(64).utf8.count, "nesting deeper than 64 levels")
    }

    func testCustomLimits() {
        assertValid("1", .number, maxDepth: 0)
        assertValid("\"[\"", .string, maxDepth: 0)
        assertInvalid("[]", at: 0, "nesting deeper than 0 levels", maxDepth: 0)
        assertInvalid("{}", at: 0, "nesting deeper than 0 levels", maxDepth: 0)
        assertValid("[1,2]", .array, maxDepth: 1)
        assertInvalid("[[]]", at: 1, "nesting deeper than 1 levels", maxDepth: 1)
        assertInvalid("[1,{\"a\":2}]", at: 3, "nesting deeper than 1 levels", maxDepth: 1)
        assertInvalid("[]", at: 0, "nesting deeper than 0 levels", maxDepth: -5) // negative acts as 0
    }

    func testSiblingsDoNotAccumulateDepth() {
        let wide = "[" + Array(repeating: arrays(63), count: 50).joined(separator: ",") + "]"
        assertValid(wide, .array)
    }

    func testBeyond64LevelsWithRaisedLimit() {
        for n in [65, 127, 128, 129, 200, 1000] {
            assertValid(mixed(n), .object, maxDepth: n)
            assertValid(arrays(n), .array, maxDepth: n)
            assertInvalid(mixed(n + 1), at: mixedOpen(n).utf8.count, "nesting deeper than \(n) levels", maxDepth: n)
            assertInvalid(arrays(n + 1), at: n, "nesting deeper than \(n) levels", maxDepth: n)
        }
    }

    func testContainerKindRememberedBeyond64Levels() {
        let open = mixedOpen(100) // level 99 is an object, level 98 an array
        assertInvalid(open + "0]", at: open.utf8.count + 1, "(expected ',' or '}')", maxDepth: 100)
        // Level 99 closed properly; level 98 (array) given an object member.
        assertInvalid(open + "0,\"z\":true},\"z\":true}", at: open.utf8.count + 1 + 10 + 4,
                      "unexpected character ':'", maxDepth: 100)
        assertInvalid(String(repeating: "[", count: 100) + "}", at: 100, "(expected a value)", maxDepth: 200)
        assertInvalid(String(repeating: "[", count: 100) + "1}", at: 101, "(expected ',' or ']')", maxDepth: 200)
    }
}
