import NIOCore

/// Writes response JSON straight into a `ByteBuffer`. Message bodies and metadata are stored
/// as validated JSON text and inserted as they are (`raw`), never decoded and re-encoded.
struct JSONWriter {
    static let contentType = "application/json; charset=utf-8"

    private(set) var buffer: ByteBuffer
    private var needsComma = false

    init(capacity: Int = 256) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func beginObject() { separator(); buffer.writeStaticString("{"); needsComma = false }
    mutating func endObject() { buffer.writeStaticString("}"); needsComma = true }
    mutating func beginArray() { separator(); buffer.writeStaticString("["); needsComma = false }
    mutating func endArray() { buffer.writeStaticString("]"); needsComma = true }

    /// Starts a member: `"name":` (the name must need no escaping).
    mutating func key(_ name: StaticString) {
        separator()
        buffer.writeStaticString("\"")
        buffer.writeStaticString(name)
        buffer.writeStaticString("\":")
        needsComma = false
    }

    /// Starts a member whose name is only known at run time (escaped as any string).
    mutating func key(string name: String) {
        string(name)
        buffer.writeStaticString(":")
        needsComma = false
    }

    mutating func null() {
        separator()
        buffer.writeStaticString("null")
        needsComma = true
    }

    mutating func member(_ name: StaticString, string value: String) { key(name); string(value) }
    mutating func member(_ name: StaticString, int value: Int) { key(name); int(value) }
    mutating func member(_ name: StaticString, bool value: Bool) {
        key(name)
        separator()
        buffer.writeString(value ? "true" : "false")
        needsComma = true
    }
    mutating func member(_ name: StaticString, raw value: String) { key(name); raw(value) }

    mutating func int(_ value: Int) {
        separator()
        buffer.writeString(String(value))
        needsComma = true
    }

    /// Inserts JSON text that is already valid.
    mutating func raw(_ json: String) {
        separator()
        buffer.writeString(json)
        needsComma = true
    }

    /// A JSON string with the escapes JSON requires; non-ASCII is written as UTF-8, unescaped.
    mutating func string(_ value: String) {
        separator()
        buffer.writeStaticString("\"")
        var plainStart = value.utf8.startIndex
        let utf8 = value.utf8
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let byte = utf8[i]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                buffer.writeSubstring(value[plainStart..<i])
                switch byte {
                case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
                plainStart = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        buffer.writeSubstring(value[plainStart..<utf8.endIndex])
        buffer.writeStaticString("\"")
        needsComma = true
    }

    private mutating func separator() {
        if needsComma { buffer.writeStaticString(",") }
    }
}
