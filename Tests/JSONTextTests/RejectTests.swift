import JSONText
import XCTest

/// Every syntactic rejection class, with the offset each error points at.
final class RejectTests: XCTestCase {
    func testEmptyInput() {
        assertInvalid("", at: 0, "empty input")
        assertInvalid("   ", at: 3, "empty input")
        assertInvalid("\n\t\r ", at: 4, "empty input")
    }

    func testTrailingGarbage() {
        assertInvalid("1 2", at: 2, "unexpected character '2' at byte 2 after the JSON value")
        assertInvalid("{}x", at: 2, "'x'")
        assertInvalid("[]]", at: 2, "']'")
        assertInvalid("nullx", at: 4, "'x'")
        assertInvalid("truefalse", at: 4, "'f'")
        assertInvalid("1x", at: 1, "'x'")
        assertInvalid("\"a\"\"b\"", at: 3, "'\"'")
        assertInvalid("{} {}", at: 3, "'{'")
        assertInvalid([0x31, 0x00], at: 1, "unexpected character 0x00 at byte 1")
    }

    func testLeadingZeros() {
        assertInvalid("01", at: 0, "leading zeros are not allowed at byte 0")
        assertInvalid("-01", at: 1, "leading zeros")
        assertInvalid("00", at: 0, "leading zeros")
        assertInvalid("[1,01]", at: 3, "leading zeros")
        assertInvalid("-00.5", at: 1, "leading zeros")
        assertInvalid("{\"ttl\":0300}", at: 7, "leading zeros")
    }

    func testNaNAndInfinity() {
        assertInvalid("NaN", at: 0, "unexpected character 'N' at byte 0 (expected a value)")
        assertInvalid("Infinity", at: 0, "'I'")
        assertInvalid("-Infinity", at: 1, "unexpected character 'I' at byte 1 (expected a digit)")
        assertInvalid("[NaN]", at: 1, "'N'")
        assertInvalid("nan", at: 1, "unexpected character 'a' at byte 1 (expected 'null')")
        assertInvalid("{\"a\":Infinity}", at: 5, "'I'")
    }

    func testComments() {
        assertInvalid("// c\n1", at: 0, "unexpected character '/' at byte 0")
        assertInvalid("/* */1", at: 0, "'/'")
        assertInvalid("1 // c", at: 2, "'/'")
        assertInvalid("[1,/*x*/2]", at: 3, "'/'")
        assertInvalid("{\"a\":1 /*c*/}", at: 7, "unexpected character '/' at byte 7 (expected ',' or '}')")
        assertInvalid("# c\n1", at: 0, "'#'")
    }

    func testSingleQuotes() {
        assertInvalid("'a'", at: 0, "unexpected character ''' at byte 0")
        assertInvalid("{'a':1}", at: 1, "(expected a string key)")
        assertInvalid("[\"a\",'b']", at: 5, "'''")
    }

    func testTrailingCommas() {
        assertInvalid("[1,]", at: 3, "unexpected character ']' at byte 3 (expected a value)")
        assertInvalid("{\"a\":1,}", at: 7, "unexpected character '}' at byte 7 (expected a string key)")
        assertInvalid("[,]", at: 1, "','")
        assertInvalid("[1,,2]", at: 3, "','")
        assertInvalid("{,}", at: 1, "(expected a string key)")
        assertInvalid("[1,2,]", at: 5, "']'")
        assertInvalid("[1 , ]", at: 5, "']'")
    }

    func testStructure() {
        assertInvalid("[1 2]", at: 3, "unexpected character '2' at byte 3 (expected ',' or ']')")
        assertInvalid("{\"a\" 1}", at: 5, "(expected ':')")
        assertInvalid("{\"a\":}", at: 5, "(expected a value)")
        assertInvalid("{1:2}", at: 1, "(expected a string key)")
        assertInvalid("{\"a\":1 \"b\":2}", at: 7, "(expected ',' or '}')")
        assertInvalid("[}", at: 1, "'}'")
        assertInvalid("{]", at: 1, "(expected a string key)")
        assertInvalid("[1}", at: 2, "(expected ',' or ']')")
        assertInvalid("{\"a\":1]", at: 6, "(expected ',' or '}')")
        assertInvalid("]", at: 0, "']'")
        assertInvalid("}", at: 0, "'}'")
        assertInvalid(":", at: 0, "':'")
        assertInvalid(",", at: 0, "','")
        assertInvalid("{\"a\"::1}", at: 5, "':'")
    }

    func testUnexpectedEnd() {
        assertInvalid("[", at: 1, "unexpected end of input at byte 1 (expected a value)")
        assertInvalid("{", at: 1, "unexpected end of input at byte 1 (expected a string key)")
        assertInvalid("{\"a\"", at: 4, "unexpected end of input at byte 4 (expected ':')")
        assertInvalid("{\"a\":", at: 5, "unexpected end of input at byte 5 (expected a value)")
        assertInvalid("{\"a\":1", at: 6, "unexpected end of input at byte 6 (expected ',' or '}')")
        assertInvalid("[1,", at: 3, "unexpected end of input")
        assertInvalid("[1 ", at: 3, "(expected ',' or ']')")
        assertInvalid("[[[]]", at: 5, "unexpected end of input")
    }

    func testNumbers() {
        assertInvalid("-", at: 1, "unexpected end of input at byte 1 (expected a digit)")
        assertInvalid("1.", at: 2, "(expected a digit after '.')")
        assertInvalid("1.x", at: 2, "'x'")
        assertInvalid(".5", at: 0, "'.'")
        assertInvalid("1.e3", at: 2, "'e'")
        assertInvalid("1e", at: 2, "(expected a digit in the exponent)")
        assertInvalid("1e+", at: 3, "(expected a digit in the exponent)")
        assertInvalid("1E-x", at: 3, "'x'")
        assertInvalid("+1", at: 0, "'+'")
        assertInvalid("- 1", at: 1, "unexpected character ' ' at byte 1 (expected a digit)")
        assertInvalid("0x10", at: 1, "'x'")
        assertInvalid("1.5.2", at: 3, "'.'")
        assertInvalid("--1", at: 1, "'-'")
        assertInvalid("[-]", at: 2, "(expected a digit)")
    }

    func testLiterals() {
        assertInvalid("tru", at: 3, "unexpected end of input at byte 3 (expected 'true')")
        assertInvalid("trux", at: 3, "unexpected character 'x' at byte 3 (expected 'true')")
        assertInvalid("nul", at: 3, "(expected 'null')")
        assertInvalid("fals", at: 4, "(expected 'false')")
        assertInvalid("True", at: 0, "'T'")
        assertInvalid("NULL", at: 0, "'N'")
        assertInvalid("[t]", at: 2, "']'")
        assertInvalid("nulll", at: 4, "'l'")
        assertInvalid("undefined", at: 0, "'u'")
    }

    func testUnterminatedStrings() {
        assertInvalid("\"abc", at: 0, "unterminated string starting at byte 0")
        assertInvalid("\"abc\\\"", at: 0, "unterminated string")
        assertInvalid("\"\\", at: 0, "unterminated string")
        assertInvalid("[\"a\",  \"b", at: 7, "unterminated string starting at byte 7")
        assertInvalid("\"\\u", at: 0, "unterminated string")
        assertInvalid("\"\\u00", at: 0, "unterminated string")
        assertInvalid("{\"key", at: 1, "unterminated string")
        assertInvalid("\"" + String(repeating: "x", count: 100), at: 0, "unterminated string")
    }

    func testBadEscapes() {
        assertInvalid("\"\\x\"", at: 1, "invalid escape '\\x' at byte 1")
        assertInvalid("\"\\U0041\"", at: 1, "invalid escape '\\U'")
        assertInvalid("\"\\'\"", at: 1, "invalid escape '\\''")
        assertInvalid("\"\\a\"", at: 1, "invalid escape")
        assertInvalid("\"\\0\"", at: 1, "invalid escape")
        assertInvalid([0x22, 0x5C, 0x0A, 0x22], at: 1, "invalid escape \\ + 0x0A")
        assertInvalid("\"ab\\u12\"", at: 3, "invalid \\u escape at byte 3")
        assertInvalid("\"\\u12G4\"", at: 1, "invalid \\u escape")
        assertInvalid("\"\\u-123\"", at: 1, "invalid \\u escape")
        assertInvalid("\"\\u{41}\"", at: 1, "invalid \\u escape")
        assertInvalid("{\"a\\q\":1}", at: 3, "invalid escape '\\q' at byte 3")
    }

    func testControlCharactersInStrings() {
        assertInvalid([0x22, 0x00, 0x22], at: 1, "unescaped control character 0x00 in string at byte 1")
        assertInvalid([0x22, 0x1F, 0x22], at: 1, "control character 0x1F")
        assertInvalid("\"a\nb\"", at: 2, "control character 0x0A")
        assertInvalid("\"a\tb\"", at: 2, "control character 0x09")
        assertInvalid("\"a\rb\"", at: 2, "control character 0x0D")
        assertInvalid("{\"k\":\"0123456789abcdef\u{08}\"}", at: 22, "control character 0x08")
        assertInvalid("{\"a\u{0C}\":1}", at: 3, "control character 0x0C")
    }

    func testNonASCIIOutsideStrings() {
        assertInvalid([0xC3, 0xA9], at: 0, "unexpected character 0xC3 at byte 0")
        assertInvalid([0xEF, 0xBB, 0xBF, 0x31], at: 0, "0xEF")              // byte order mark
        assertInvalid([0x5B, 0xC2, 0xA0, 0x5D], at: 1, "0xC2")              // NBSP is not whitespace
        assertInvalid([0x0C, 0x31], at: 0, "0x0C")                          // nor is form feed
        assertInvalid([0x31, 0x0B], at: 1, "0x0B")                          // nor vertical tab
    }
}
