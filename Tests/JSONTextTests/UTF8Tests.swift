import JSONText
import XCTest

/// Each class of invalid UTF-8 inside strings (keys and values), with the offset of the bad sequence.
final class UTF8Tests: XCTestCase {
    /// `"ab<bytes>"` – the sequence starts at byte 3.
    private func inString(_ bytes: [UInt8], close: Bool = true) -> [UInt8] {
        [0x22, 0x61, 0x62] + bytes + (close ? [0x22] : [])
    }

    func testValidSequencesAtEveryAlignment() {
        for n in 0..<16 {
            let pad = String(repeating: "x", count: n)
            assertValid("\"\(pad)é中😀\(pad)\"", .string)
        }
    }

    func testUnexpectedContinuationByte() {
        assertInvalid(inString([0x80]), at: 3, "invalid UTF-8 at byte 3 (unexpected continuation byte)")
        assertInvalid(inString([0xBF]), at: 3, "unexpected continuation byte")
        assertInvalid(utf8("\"é") + [0x80, 0x22], at: 3, "unexpected continuation byte")  // after a valid é
        assertInvalid(inString([0xE4, 0xB8, 0xAD, 0xAD]), at: 6, "unexpected continuation byte")
    }

    func testOverlongEncodings() {
        assertInvalid(inString([0xC0, 0x80]), at: 3, "invalid UTF-8 at byte 3 (overlong encoding)")
        assertInvalid(inString([0xC0, 0xAF]), at: 3, "overlong")      // overlong '/'
        assertInvalid(inString([0xC1, 0xBF]), at: 3, "overlong")
        assertInvalid(inString([0xE0, 0x80, 0x80]), at: 3, "overlong")
        assertInvalid(inString([0xE0, 0x9F, 0xBF]), at: 3, "overlong")
        assertInvalid(inString([0xF0, 0x80, 0x80, 0x80]), at: 3, "overlong")
        assertInvalid(inString([0xF0, 0x8F, 0xBF, 0xBF]), at: 3, "overlong")
    }

    func testEncodedSurrogates() {
        assertInvalid(inString([0xED, 0xA0, 0x80]), at: 3, "invalid UTF-8 at byte 3 (encoded surrogate)") // U+D800
        assertInvalid(inString([0xED, 0xBF, 0xBF]), at: 3, "encoded surrogate")                           // U+DFFF
        assertInvalid(inString([0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]), at: 3, "encoded surrogate")         // CESU pair
    }

    func testTruncatedSequences() {
        assertInvalid(inString([0xC3]), at: 3, "invalid UTF-8 at byte 3 (truncated sequence)")   // cut by the quote
        assertInvalid(inString([0xE4, 0xB8]), at: 3, "truncated sequence")
        assertInvalid(inString([0xF0, 0x9F, 0x98]), at: 3, "truncated sequence")
        assertInvalid(inString([0xC3, 0x41]), at: 3, "truncated sequence")
        assertInvalid(inString([0xE4, 0x41, 0x80]), at: 3, "truncated sequence")
        assertInvalid(inString([0xF0, 0x9F, 0x41, 0x80]), at: 3, "truncated sequence")
        assertInvalid(inString([0xC3], close: false), at: 3, "truncated sequence")               // cut by end of input
        assertInvalid(inString([0xF0, 0x9F], close: false), at: 3, "truncated sequence")
        assertInvalid(inString([0xE4, 0xB8, 0xE4, 0xB8, 0xAD]), at: 3, "truncated sequence")     // new lead too early
    }

    func testAboveMaximumAndInvalidBytes() {
        assertInvalid(inString([0xF4, 0x90, 0x80, 0x80]), at: 3, "invalid UTF-8 at byte 3 (code point above U+10FFFF)")
        assertInvalid(inString([0xF5, 0x80, 0x80, 0x80]), at: 3, "invalid byte 0xF5")
        assertInvalid(inString([0xF8, 0x88, 0x80, 0x80, 0x80]), at: 3, "invalid byte 0xF8")
        assertInvalid(inString([0xFE]), at: 3, "invalid byte 0xFE")
        assertInvalid(inString([0xFF]), at: 3, "invalid byte 0xFF")
    }

    func testInvalidUTF8InKeysAndNestedValues() {
        assertInvalid([0x7B, 0x22, 0xC0, 0x80, 0x22, 0x3A, 0x31, 0x7D], at: 2, "overlong")                  // {"\xC0\x80":1}
        assertInvalid(utf8("{\"a\":[\"ok\",\"") + [0xED, 0xA0, 0x80] + utf8("\"]}"), at: 12, "encoded surrogate")
        let pad = String(repeating: "p", count: 37)
        assertInvalid(utf8("[\"\(pad)") + [0xFF] + utf8("\"]"), at: 39, "invalid byte 0xFF") // found via the 8-byte path
    }
}
