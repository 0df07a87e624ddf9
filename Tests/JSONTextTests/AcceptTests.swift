import JSONText
import XCTest

/// Valid documents of every kind, and whitespace handling.
final class AcceptTests: XCTestCase {
    func testScalars() {
        assertValid("0", .number)
        assertValid("-0", .number)
        assertValid("7", .number)
        assertValid("-12", .number)
        assertValid("1.5", .number)
        assertValid("-0.0", .number)
        assertValid("1e2", .number)
        assertValid("1E+2", .number)
        assertValid("1e-2", .number)
        assertValid("2.5E-07", .number)
        assertValid("0e0", .number)
        assertValid("1e999", .number)       // floats of any magnitude are fine
        assertValid("\"\"", .string)
        assertValid("\"abc\"", .string)
        assertValid("true", .bool)
        assertValid("false", .bool)
        assertValid("null", .null)
    }

    func testContainers() {
        assertValid("{}", .object)
        assertValid("[]", .array)
        assertValid(#"{"a":1}"#, .object)
        assertValid(#"[1,"2",[3],{"4":null},true,false,-5.5e3]"#, .array)
        assertValid(#"{"a":{"b":{"c":[[],{}]}},"d":[{"e":"]"}]}"#, .object)
        assertValid(#"[[[[]]]]"#, .array)
        assertValid(#"{"":""}"#, .object)
        assertValid(#"{"a":1,"a":2}"#, .object)   // duplicate keys are allowed
    }

    func testWhitespaceAroundValue() {
        assertValid(" \t\n\r1 \n", .number, range: 4..<5)
        assertValid("  {}  ", .object, range: 2..<4)
        assertValid("\n\"x\"\n", .string, range: 1..<4)
        assertValid("null\r\n", .null, range: 0..<4)
    }

    func testWhitespaceInsideContainers() {
        assertValid("[ 1 , 2 ,\t3\n]", .array)
        assertValid("{ \"a\" : [ ] , \"b\"\n:\r{ } }", .object)
        assertValid("[\n]", .array)
        assertValid("{\t}", .object)
    }

    func testStringEscapes() {
        assertValid(#""\" \\ \/ \b \f \n \r \t""#, .string)
        assertValid(#""\u00e9 \u00E9 \uD83D\uDE00 \uFFFF""#, .string)
        assertValid(#""\u0000""#, .string)
        assertValid(#""\uD800""#, .string)          // lone high surrogate escape: accepted like Python
        assertValid(#""\uDC00 x \uDBFF""#, .string) // lone low / trailing high
        assertValid(#""a\\""#, .string)             // escaped backslash before closing quote
    }

    func testMultibyteUTF8() {
        assertValid("\"é\"", .string)
        assertValid("\"中文\"", .string)
        assertValid("\"😀\"", .string)
        assertValid("{\"clé\":\"väl😀ue 中\"}", .object)
        assertValid([0x22, 0xED, 0x9F, 0xBF, 0x22], .string)       // U+D7FF, just below surrogates
        assertValid([0x22, 0xEE, 0x80, 0x80, 0x22], .string)       // U+E000, just above
        assertValid([0x22, 0xEF, 0xBF, 0xBF, 0x22], .string)       // U+FFFF
        assertValid([0x22, 0xF4, 0x8F, 0xBF, 0xBF, 0x22], .string) // U+10FFFF
        assertValid([0x22, 0xC2, 0x80, 0x22], .string)             // U+0080, smallest 2-byte
        assertValid([0x22, 0xE0, 0xA0, 0x80, 0x22], .string)       // U+0800, smallest 3-byte
        assertValid([0x22, 0xF0, 0x90, 0x80, 0x80, 0x22], .string) // U+10000, smallest 4-byte
    }

    func testDelAndHighAsciiAllowedInStrings() {
        assertValid([0x22, 0x7F, 0x22], .string) // DEL is not a control character for JSON
        assertValid([0x22, 0x20, 0x7E, 0x22], .string)
    }

    func testLongStringsCrossWordBoundaries() {
        for n in 0..<40 {
            let s = String(repeating: "a", count: n)
            assertValid("\"\(s)\"", .string)
            assertValid("\"\(s)é\(s)\\n\"", .string)
            assertInvalid("\"\(s)\u{01}\"", at: n + 1, "control character 0x01")
        }
    }

    func testRawBufferOverload() throws {
        let bytes = utf8(" [1] ")
        let value = try bytes.withUnsafeBytes { buffer throws(JSONError) in try JSONScanner.validate(buffer) }
        XCTAssertEqual(value, JSONValue(kind: .array, range: 1..<4))
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        XCTAssertThrowsError(try JSONScanner.validate(empty))
    }
}
