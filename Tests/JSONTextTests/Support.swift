import JSONText
import XCTest

/// UTF-8 bytes of a string literal.
func utf8(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Asserts `input` is accepted with the given kind and value range (default: the whole input).
func assertValid(_ input: [UInt8], _ kind: JSONKind, range: Range<Int>? = nil, maxDepth: Int = 64,
                 file: StaticString = #filePath, line: UInt = #line) {
    do throws(JSONError) {
        let value = try JSONScanner.validate(input, maxDepth: maxDepth)
        XCTAssertEqual(value.kind, kind, "kind", file: file, line: line)
        XCTAssertEqual(value.range, range ?? 0..<input.count, "range", file: file, line: line)
    } catch {
        XCTFail("rejected \(String(decoding: input, as: UTF8.self).debugDescription): \(error)", file: file, line: line)
    }
}

func assertValid(_ input: String, _ kind: JSONKind, range: Range<Int>? = nil, maxDepth: Int = 64,
                 file: StaticString = #filePath, line: UInt = #line) {
    assertValid(utf8(input), kind, range: range, maxDepth: maxDepth, file: file, line: line)
}

/// Asserts `input` is rejected at `offset` with a message containing `fragment` and ending in
/// "at byte <offset>" (optionally followed by a parenthesised detail).
func assertInvalid(_ input: [UInt8], at offset: Int, _ fragment: String, maxDepth: Int = 64,
                   file: StaticString = #filePath, line: UInt = #line) {
    do throws(JSONError) {
        let value = try JSONScanner.validate(input, maxDepth: maxDepth)
        XCTFail("accepted \(String(decoding: input, as: UTF8.self).debugDescription) as \(value)", file: file, line: line)
    } catch {
        XCTAssertEqual(error.offset, offset, "offset of: \(error.message)", file: file, line: line)
        XCTAssertTrue(error.message.contains(fragment), "\(error.message.debugDescription) lacks \(fragment.debugDescription)",
                      file: file, line: line)
        XCTAssertEqual(error.description, error.message, file: file, line: line)
        if !error.message.hasPrefix("empty input") {
            XCTAssertTrue(error.message.contains("at byte \(offset)"), error.message, file: file, line: line)
        }
    }
}

func assertInvalid(_ input: String, at offset: Int, _ fragment: String, maxDepth: Int = 64,
                   file: StaticString = #filePath, line: UInt = #line) {
    assertInvalid(utf8(input), at: offset, fragment, maxDepth: maxDepth, file: file, line: line)
}

/// The exact text of `value` in `bytes`.
func text(_ value: JSONValue, _ bytes: [UInt8]) -> String {
    String(decoding: bytes[value.range], as: UTF8.self)
}

/// Validates `input` (must be valid) and returns bytes and root value.
func parse(_ input: String, file: StaticString = #filePath, line: UInt = #line) -> ([UInt8], JSONValue) {
    let bytes = utf8(input)
    do throws(JSONError) {
        return (bytes, try JSONScanner.validate(bytes))
    } catch {
        XCTFail("rejected: \(error)", file: file, line: line)
        return (bytes, JSONValue(kind: .null, range: 0..<0))
    }
}
