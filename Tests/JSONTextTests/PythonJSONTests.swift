import JSONText
import XCTest

/// `PythonJSON.dumps` against what Python printed (the table in PythonJSONVectors.swift, written
/// by python_json_vectors.py from real `json.dumps(json.loads(text))` runs).
final class PythonJSONTests: XCTestCase {
    private func dumps(_ text: String) -> String {
        String(decoding: PythonJSON.dumps(Array(text.utf8)), as: UTF8.self)
    }

    func testPythonVectors() {
        XCTAssertGreaterThanOrEqual(pythonJSONVectors.count, 30)
        for (input, output) in pythonJSONVectors {
            XCTAssertEqual(dumps(input), output, input)
        }
    }

    /// Zaqar reports MD5:42b7b4f2921788ea14dac5566e6f06d0 for this body, the MD5 of these bytes.
    func testZaqarChecksumExample() {
        XCTAssertEqual(PythonJSON.dumps(Array(#"{"a":1}"#.utf8)), Array(#"{"a": 1}"#.utf8))
        XCTAssertEqual(PythonJSON.dumps(Array(#"{"a": 1}"#.utf8)), Array(#"{"a": 1}"#.utf8))
    }

    func testVectorsAreValidatedTextButForIntegersBeyondInt64() {
        // dumps is for validated text; the validator's Int64 policy only rejects the big integers,
        // which dumps still prints as Python does.
        let beyondInt64: Set = ["123456789012345678901234567890",
                                "-98765432109876543210987654321098765432109876543210"]
        for (input, _) in pythonJSONVectors {
            XCTAssertEqual((try? JSONScanner.validate(Array(input.utf8))) == nil, beyondInt64.contains(input), input)
        }
    }

    /// No recursion (no stack overflow) and linear time: each level is walked once.
    func testDeepNesting() {
        let depth = 100_000
        let text = String(repeating: "[{\"k\":", count: depth) + "0" + String(repeating: "}]", count: depth)
        let expected = String(repeating: "[{\"k\": ", count: depth) + "0" + String(repeating: "}]", count: depth)
        XCTAssertEqual(dumps(text), expected)
    }

    /// Like the rest of JSONText, unvalidated input gives unspecified output but never a trap.
    func testUnvalidatedInputIsMemorySafe() {
        let structural = Array("{}[]\",:\\e0-u ".utf8) + [0x80, 0xF0] // a stray continuation byte, a 4-byte lead
        for (input, _) in pythonJSONVectors {
            let bytes = Array(input.utf8)
            for cut in 0..<bytes.count { _ = PythonJSON.dumps(Array(bytes[..<cut])) }
            for at in bytes.indices {
                for byte in structural {
                    var mutated = bytes
                    mutated[at] = byte
                    _ = PythonJSON.dumps(mutated)
                }
            }
        }
    }

    func testNothingToPrint() {
        XCTAssertEqual(PythonJSON.dumps([]), [])
        XCTAssertEqual(PythonJSON.dumps(Array(" \n".utf8)), [])
    }
}
