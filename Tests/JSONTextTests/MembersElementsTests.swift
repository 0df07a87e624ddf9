import JSONText
import XCTest

/// `members`, `member` and `elements` on nested structures, including strings full of brackets,
/// braces, quotes and escapes.
final class MembersElementsTests: XCTestCase {
    func testMembersInOrderWithKindsAndText() {
        let (bytes, root) = parse(#"{"a":1,"b":"x","c":[1,2],"d":{"e":null},"f":true,"g":-2.5e1}"#)
        let members = JSONScanner.members(of: root, in: bytes)
        XCTAssertEqual(members.map(\.key), ["a", "b", "c", "d", "f", "g"])
        XCTAssertEqual(members.map(\.value.kind), [.number, .string, .array, .object, .bool, .number])
        XCTAssertEqual(members.map { text($0.value, bytes) }, ["1", "\"x\"", "[1,2]", "{\"e\":null}", "true", "-2.5e1"])
    }

    func testMembersWithWhitespace() {
        let (bytes, root) = parse(" { \"a\" : 1 ,\n\t\"b\" :\r\n[ ] , \"c\":{ } } ")
        let members = JSONScanner.members(of: root, in: bytes)
        XCTAssertEqual(members.map(\.key), ["a", "b", "c"])
        XCTAssertEqual(members.map { text($0.value, bytes) }, ["1", "[ ]", "{ }"])
    }

    func testStringsContainingStructuralCharacters() {
        let doc = #"{"s":"}{][\",\\","t":["]",{"}":"{"}],"u":"\\\\\"","k\"}":{"x":"\"]"},"v":1}"#
        let (bytes, root) = parse(doc)
        let members = JSONScanner.members(of: root, in: bytes)
        XCTAssertEqual(members.map(\.key), ["s", "t", "u", "k\"}", "v"])
        XCTAssertEqual(members.map { text($0.value, bytes) },
                       [#""}{][\",\\""#, #"["]",{"}":"{"}]"#, #""\\\\\"""#, #"{"x":"\"]"}"#, "1"])
        let t = JSONScanner.elements(of: members[1].value, in: bytes)
        XCTAssertEqual(t.map { text($0, bytes) }, [#""]""#, #"{"}":"{"}"#])
        XCTAssertEqual(JSONScanner.members(of: t[1], in: bytes).map(\.key), ["}"])
        XCTAssertEqual(JSONScanner.string(members[0].value, in: bytes), "}{][\",\\")
        XCTAssertEqual(JSONScanner.string(members[2].value, in: bytes), "\\\\\"")
    }

    func testLongStringsWithEscapesAcrossWordBoundaries() {
        // Escaped quotes and backslashes at every alignment relative to 8-byte words.
        for n in 0..<20 {
            let pad = String(repeating: "x", count: n)
            let doc = "[\"\(pad)\\\"]\",\"\(pad)\\\\\",{\"\(pad)\":\"}\\\\\\\"{\"},[\"\(pad)\\\\\\\\\"],7]"
            let (bytes, root) = parse(doc)
            let elements = JSONScanner.elements(of: root, in: bytes)
            XCTAssertEqual(elements.map { text($0, bytes) },
                           ["\"\(pad)\\\"]\"", "\"\(pad)\\\\\"", "{\"\(pad)\":\"}\\\\\\\"{\"}", "[\"\(pad)\\\\\\\\\"]", "7"],
                           "pad \(n)")
        }
    }

    func testDuplicateKeysAllReturnedLastWinsInMember() {
        let (bytes, root) = parse(#"{"a":1,"b":2,"a":3}"#)
        let members = JSONScanner.members(of: root, in: bytes)
        XCTAssertEqual(members.map(\.key), ["a", "b", "a"])
        XCTAssertEqual(members.map { text($0.value, bytes) }, ["1", "2", "3"])
        XCTAssertEqual(JSONScanner.member("a", of: root, in: bytes).map { text($0, bytes) }, "3")
        XCTAssertEqual(JSONScanner.member("b", of: root, in: bytes).map { text($0, bytes) }, "2")
        XCTAssertNil(JSONScanner.member("c", of: root, in: bytes))
        XCTAssertNil(JSONScanner.member("", of: root, in: bytes))
    }

    func testEscapedKeysAreUnescaped() {
        let (bytes, root) = parse(#"{"a\"b":1,"\u00e9":2,"x\\y":3,"é":4,"\ud83d\ude00":5,"":6}"#)
        let members = JSONScanner.members(of: root, in: bytes)
        XCTAssertEqual(members.map(\.key), ["a\"b", "é", "x\\y", "é", "😀", ""])
        XCTAssertEqual(JSONScanner.member("a\"b", of: root, in: bytes).map { text($0, bytes) }, "1")
        XCTAssertEqual(JSONScanner.member("é", of: root, in: bytes).map { text($0, bytes) }, "4")  // last of two spellings
        XCTAssertEqual(JSONScanner.member("x\\y", of: root, in: bytes).map { text($0, bytes) }, "3")
        XCTAssertEqual(JSONScanner.member("😀", of: root, in: bytes).map { text($0, bytes) }, "5")
        XCTAssertEqual(JSONScanner.member("", of: root, in: bytes).map { text($0, bytes) }, "6")
        XCTAssertNil(JSONScanner.member("a", of: root, in: bytes))
    }

    func testEmptyContainersAndWrongKinds() {
        let (o, objectRoot) = parse("{ }")
        XCTAssertTrue(JSONScanner.members(of: objectRoot, in: o).isEmpty)
        XCTAssertTrue(JSONScanner.elements(of: objectRoot, in: o).isEmpty)
        let (a, arrayRoot) = parse("[ ]")
        XCTAssertTrue(JSONScanner.elements(of: arrayRoot, in: a).isEmpty)
        XCTAssertTrue(JSONScanner.members(of: arrayRoot, in: a).isEmpty)
        XCTAssertNil(JSONScanner.member("a", of: arrayRoot, in: a))
        let (s, stringRoot) = parse("\"{}\"")
        XCTAssertTrue(JSONScanner.members(of: stringRoot, in: s).isEmpty)
        XCTAssertTrue(JSONScanner.elements(of: stringRoot, in: s).isEmpty)
    }

    func testElementsOfEveryKind() {
        let (bytes, root) = parse(#"[1, "a]", [2,[3]] , {"k":"v]"},null,true,false,-1.5e3,"\\\"",{},[]]"#)
        let elements = JSONScanner.elements(of: root, in: bytes)
        XCTAssertEqual(elements.map { text($0, bytes) },
                       ["1", "\"a]\"", "[2,[3]]", "{\"k\":\"v]\"}", "null", "true", "false", "-1.5e3", #""\\\"""#, "{}", "[]"])
        XCTAssertEqual(elements.map(\.kind),
                       [.number, .string, .array, .object, .null, .bool, .bool, .number, .string, .object, .array])
        let inner = JSONScanner.elements(of: elements[2], in: bytes)
        XCTAssertEqual(inner.map { text($0, bytes) }, ["2", "[3]"])
        XCTAssertEqual(JSONScanner.elements(of: inner[1], in: bytes).map { text($0, bytes) }, ["3"])
    }

    func testMessagePostBody() {
        let doc = """
        {"messages": [
            {"ttl": 300, "body": {"event": "BackupStarted", "note": "a \\"b\\" {c} [d]"}},
            {"body": [1, "two", {"3": null}], "ttl": 60, "delay": 0},
            {"ttl": 60.0, "body": "text"}
        ]}
        """
        let (bytes, root) = parse(doc)
        guard let messages = JSONScanner.member("messages", of: root, in: bytes) else { return XCTFail("messages") }
        let list = JSONScanner.elements(of: messages, in: bytes)
        XCTAssertEqual(list.count, 3)
        let ttl = list.map { m in JSONScanner.member("ttl", of: m, in: bytes).flatMap { JSONScanner.int64($0, in: bytes) } }
        XCTAssertEqual(ttl, [300, 60, nil])  // 60.0 is not an integer
        let bodies = list.compactMap { JSONScanner.member("body", of: $0, in: bytes).map { text($0, bytes) } }
        XCTAssertEqual(bodies, [#"{"event": "BackupStarted", "note": "a \"b\" {c} [d]"}"#,
                                #"[1, "two", {"3": null}]"#, #""text""#])
        // Raw text of a body is itself a valid JSON document.
        for body in bodies { XCTAssertNoThrow(try JSONScanner.validate(utf8(body))) }
    }

    func testRawBufferAndArrayOverloadsAgree() {
        let (bytes, root) = parse(#"{"a":[1,"x",true],"b":"y"}"#)
        bytes.withUnsafeBytes { buffer in
            let viaBuffer = JSONScanner.members(of: root, in: buffer)
            let viaArray = JSONScanner.members(of: root, in: bytes)
            XCTAssertEqual(viaBuffer.map(\.key), viaArray.map(\.key))
            XCTAssertEqual(viaBuffer.map(\.value), viaArray.map(\.value))
            XCTAssertEqual(JSONScanner.elements(of: viaBuffer[0].value, in: buffer),
                           JSONScanner.elements(of: viaArray[0].value, in: bytes))
            XCTAssertEqual(JSONScanner.member("b", of: root, in: buffer), JSONScanner.member("b", of: root, in: bytes))
        }
    }
}
