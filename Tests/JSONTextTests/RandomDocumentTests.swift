import JSONText
import XCTest

/// Generates random documents (strings full of escapes, brackets and multibyte text at random
/// alignments) and checks that validation accepts them and that navigation recovers exactly the
/// text and decoded strings that were generated.
final class RandomDocumentTests: XCTestCase {
    /// Deterministic SplitMix64.
    private struct Random {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
    }

    private indirect enum Node {
        case scalar(String)
        case string(json: String, decoded: String)
        case array([Node], json: String)
        case object([(key: String, node: Node)], json: String)

        var json: String {
            switch self {
            case .scalar(let s): return s
            case .string(let json, _), .array(_, let json), .object(_, let json): return json
            }
        }
    }

    private static let pieces: [(json: String, decoded: String)] = [
        ("a", "a"), ("xyz", "xyz"), ("\\\"", "\""), ("\\\\", "\\"), ("{", "{"), ("}", "}"), ("[", "["),
        ("]", "]"), ("\\n", "\n"), ("\\t", "\t"), ("\\u00e9", "é"), ("é", "é"), ("中", "中"), ("😀", "😀"),
        ("\\ud83d\\ude00", "😀"), ("\\/", "/"), (" ", " "), (",", ","), (":", ":"), ("\\u0000", "\u{0}"),
        ("\\\\\\\"", "\\\""), ("0123456789", "0123456789"),
    ]

    private func randomString(_ r: inout Random) -> (json: String, decoded: String) {
        var json = "\""
        var decoded = ""
        for _ in 0..<r.next(12) {
            let piece = r.pick(Self.pieces)
            json += piece.json
            decoded += piece.decoded
        }
        return (json + "\"", decoded)
    }

    private func space(_ r: inout Random) -> String { r.pick(["", "", " ", "\n", "\t ", "  \r\n"]) }

    private func node(_ r: inout Random, depth: Int) -> Node {
        switch depth > 5 ? r.next(2) : r.next(5) {
        case 0:
            return .scalar(r.pick(["0", "-1", "3.25", "1e5", "-0.5E-3", "true", "false", "null",
                                   "9223372036854775807", "-9223372036854775808"]))
        case 1:
            let s = randomString(&r)
            return .string(json: s.json, decoded: s.decoded)
        case 2:
            let children = (0..<r.next(6)).map { _ in node(&r, depth: depth + 1) }
            let json = "[" + space(&r) + children.map { $0.json }.joined(separator: space(&r) + "," + space(&r))
                + space(&r) + "]"
            return .array(children, json: json)
        default:
            let members = (0..<r.next(6)).map { _ in (key: randomString(&r), node: node(&r, depth: depth + 1)) }
            let json = "{" + space(&r)
                + members.map { $0.key.json + space(&r) + ":" + space(&r) + $0.node.json }
                    .joined(separator: space(&r) + "," + space(&r))
                + space(&r) + "}"
            return .object(members.map { (key: $0.key.decoded, node: $0.node) }, json: json)
        }
    }

    private func check(_ node: Node, _ value: JSONValue, _ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(text(value, bytes), node.json, file: file, line: line)
        switch node {
        case .scalar:
            break
        case .string(_, let decoded):
            XCTAssertEqual(JSONScanner.string(value, in: bytes), decoded, file: file, line: line)
        case .array(let children, _):
            let elements = JSONScanner.elements(of: value, in: bytes)
            XCTAssertEqual(elements.count, children.count, file: file, line: line)
            for (child, element) in zip(children, elements) { check(child, element, bytes, file: file, line: line) }
        case .object(let members, _):
            let found = JSONScanner.members(of: value, in: bytes)
            XCTAssertEqual(found.map(\.key), members.map(\.key), file: file, line: line)
            for (member, f) in zip(members, found) { check(member.node, f.value, bytes, file: file, line: line) }
        }
    }

    func testRandomDocumentsRoundTrip() throws {
        var r = Random(state: 0x5EED)
        for _ in 0..<500 {
            let root = node(&r, depth: 0)
            let doc = space(&r) + root.json + space(&r)
            let bytes = utf8(doc)
            let value = try JSONScanner.validate(bytes)
            check(root, value, bytes)
        }
    }

    func testRandomTruncationsNeverAcceptedWrongly() {
        // Every proper prefix of a container document is invalid.
        var r = Random(state: 42)
        for _ in 0..<60 {
            var root = node(&r, depth: 0)
            while case .scalar = root { root = node(&r, depth: 0) }
            if case .string = root { continue }
            let bytes = utf8(root.json)
            for cut in 0..<bytes.count {
                XCTAssertThrowsError(try JSONScanner.validate(Array(bytes[..<cut])), "prefix \(cut) of \(root.json)")
            }
        }
    }
}
