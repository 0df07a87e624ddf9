import JSONText
import XCTest

/// `int64`, `string` and `bool`, plus memory safety with mismatched values.
final class ScalarHelperTests: XCTestCase {
    private func int64(_ doc: String) -> Int64? {
        let (bytes, value) = parse(doc)
        return JSONScanner.int64(value, in: bytes)
    }

    private func string(_ doc: String) -> String? {
        let (bytes, value) = parse(doc)
        return JSONScanner.string(value, in: bytes)
    }

    func testInt64Integers() {
        XCTAssertEqual(int64("42"), 42)
        XCTAssertEqual(int64("0"), 0)
        XCTAssertEqual(int64("-0"), 0)
        XCTAssertEqual(int64("-17"), -17)
        XCTAssertEqual(int64(" 300 "), 300)
        XCTAssertEqual(int64("9223372036854775807"), Int64.max)
        XCTAssertEqual(int64("-9223372036854775808"), Int64.min)
    }

    func testInt64RejectsNonIntegers() {
        XCTAssertNil(int64("1.0"))
        XCTAssertNil(int64("60.0"))
        XCTAssertNil(int64("1e2"))
        XCTAssertNil(int64("-1E2"))
        XCTAssertNil(int64("0.5"))
        XCTAssertNil(int64("\"5\""))
        XCTAssertNil(int64("true"))
        XCTAssertNil(int64("null"))
        XCTAssertNil(int64("[1]"))
        XCTAssertNil(int64("{\"a\":1}"))
    }

    func testInt64OverflowOnUnvalidatedValue() {
        // validate() rejects these, but int64() must still answer nil rather than trap.
        for literal in ["9223372036854775808", "-9223372036854775809", "99999999999999999999", "-"] {
            let bytes = utf8(literal)
            XCTAssertNil(JSONScanner.int64(JSONValue(kind: .number, range: 0..<bytes.count), in: bytes), literal)
        }
    }

    func testInt64OfElements() {
        let (bytes, root) = parse("[1, -2, 3.0, 4e0, \"5\", 6]")
        XCTAssertEqual(JSONScanner.elements(of: root, in: bytes).map { JSONScanner.int64($0, in: bytes) },
                       [1, -2, nil, nil, nil, 6])
    }

    func testStringPlainAndEscaped() {
        XCTAssertEqual(string("\"plain\""), "plain")
        XCTAssertEqual(string("\"\""), "")
        XCTAssertEqual(string(#""\" \\ \/ \b \f \n \r \t""#), "\" \\ / \u{8} \u{C} \n \r \t")
        XCTAssertEqual(string(#""\u0041\u00e9\u00E9\u4e2d""#), "Aéé中")
        XCTAssertEqual(string(#""\u0000""#), "\u{0}")
        XCTAssertEqual(string(#""a\u0000b""#), "a\u{0}b")
        XCTAssertEqual(string(#""\uD83D\uDE00""#), "😀")
        XCTAssertEqual(string(#""\ud83d\ude00!""#), "😀!")
    }

    func testStringLoneSurrogatesBecomeReplacementCharacter() {
        XCTAssertEqual(string(#""\uD800""#), "\u{FFFD}")
        XCTAssertEqual(string(#""\uD800x""#), "\u{FFFD}x")
        XCTAssertEqual(string(#""\uDC00\uD800""#), "\u{FFFD}\u{FFFD}")
        XCTAssertEqual(string(#""\uD800\u0041""#), "\u{FFFD}A")
        XCTAssertEqual(string(#""\uD83D\uD83D\uDE00""#), "\u{FFFD}😀")
    }

    func testStringMultibyteUTF8() {
        XCTAssertEqual(string("\"é中😀\""), "é中😀")
        XCTAssertEqual(string("\"é\\n中\""), "é\n中")
        XCTAssertEqual(string("\"\u{10FFFF}\""), "\u{10FFFF}")
    }

    func testStringOfNonStrings() {
        XCTAssertNil(string("1"))
        XCTAssertNil(string("null"))
        XCTAssertNil(string("[\"a\"]"))
        XCTAssertNil(string("{\"a\":\"b\"}"))
    }

    func testBool() {
        let (bytes, root) = parse("[true, false, null, 1, \"true\"]")
        XCTAssertEqual(JSONScanner.elements(of: root, in: bytes).map { JSONScanner.bool($0, in: bytes) },
                       [true, false, nil, nil, nil])
    }

    func testMismatchedValuesAreMemorySafe() {
        let bytes = utf8("[1,2]")
        let outside = JSONValue(kind: .array, range: 3..<50)
        XCTAssertEqual(JSONScanner.elements(of: outside, in: bytes), [])
        XCTAssertEqual(JSONScanner.members(of: JSONValue(kind: .object, range: -1..<2), in: bytes).count, 0)
        XCTAssertNil(JSONScanner.int64(JSONValue(kind: .number, range: 2..<2), in: bytes))
        XCTAssertNil(JSONScanner.string(JSONValue(kind: .string, range: 0..<99), in: bytes))
        XCTAssertEqual(JSONScanner.members(of: JSONValue(kind: .object, range: 0..<5), in: bytes).count, 0)
        XCTAssertNil(JSONScanner.bool(JSONValue(kind: .bool, range: 0..<0), in: [UInt8]()))
        // Truncated (unvalidated) text: results are unspecified, but nothing traps.
        for doc in ["{\"a", "{\"a\":", "{\"a\":[1,\"", "[\"\\", "[{\"a\\", "\"\\u12", "[[[[", "{\"a\":\"\\\"}"] {
            let b = utf8(doc)
            let kind: JSONKind = doc.first == "{" ? .object : doc.first == "[" ? .array : .string
            let v = JSONValue(kind: kind, range: 0..<b.count)
            _ = JSONScanner.members(of: v, in: b)
            _ = JSONScanner.elements(of: v, in: b)
            _ = JSONScanner.string(v, in: b)
        }
    }
}
