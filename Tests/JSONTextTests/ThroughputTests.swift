import JSONText
import XCTest

/// Prints throughput for a batch of ~200-byte message bodies (no timing assertions; debug builds
/// are much slower than `swift run -c release JSONTextBench`).
final class ThroughputTests: XCTestCase {
    func testPrintThroughput() throws {
        let body = #"{"event":"BackupStarted","backup_id":"c378813c-3f0b-11e2-ad92-7823d2b0f3ce","size_mb":2048,"#
            + #""tags":["nightly","prod","eu-west-1"],"note":"caf\u00e9 \"quoted\" {not a brace}","ok":true,"ratio":0.75}"#
        let batch = "{\"messages\": ["
            + (0..<10).map { "{\"ttl\": \(300 + $0), \"body\": \(body)}" }.joined(separator: ", ") + "]}"
        let bytes = utf8(batch)
        let iterations = 2_000
        var total = 0
        let elapsed = try ContinuousClock().measure {
            for _ in 0..<iterations {
                let root = try JSONScanner.validate(bytes)
                let messages = try XCTUnwrap(JSONScanner.member("messages", of: root, in: bytes))
                total += JSONScanner.elements(of: messages, in: bytes).count
            }
        }
        XCTAssertEqual(total, 10 * iterations)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let mbps = Double(bytes.count * iterations) / 1_000_000 / seconds
        print("JSONText throughput (validate + messages/elements, \(body.utf8.count)-byte bodies x10 = \(bytes.count) bytes): \(Int(mbps)) MB/s")
    }
}

/// Prints a sample of error messages (for eyeballing their wording in the test log).
final class ErrorMessageSampleTests: XCTestCase {
    func testPrintSampleMessages() {
        let samples: [[UInt8]] = [
            utf8(""), utf8("{\"a\":1,}"), utf8("[1 2]"), utf8("01"), utf8("\"\\x\""), utf8("\"\\u12G4\""),
            [0x22, 0xC0, 0x80, 0x22], [0x22, 0x0A, 0x22], utf8("12345678901234567890"),
            utf8(String(repeating: "[", count: 65) + String(repeating: "]", count: 65)), utf8("'a'"), utf8("{\"a\":1"),
        ]
        for sample in samples {
            do throws(JSONError) {
                _ = try JSONScanner.validate(sample)
                XCTFail("accepted")
            } catch {
                print("JSONError(offset: \(error.offset)): \(error)")
            }
        }
    }
}
