// The wording of every rejection, in one place. Factories are kept out of line so the
// validator's hot loop stays small.
extension JSONError {
    @inline(never)
    static func emptyInput(at offset: Int) -> JSONError {
        JSONError(message: "empty input", offset: offset)
    }

    /// `byte` is nil when the input ended; `expected` (optional) says what the grammar wanted.
    @inline(never)
    static func unexpected(_ byte: UInt8?, at offset: Int, expected: String? = nil) -> JSONError {
        var text: String
        if let byte {
            text = "unexpected character \(describe(byte)) at byte \(offset)"
        } else {
            text = "unexpected end of input at byte \(offset)"
        }
        if let expected { text += " (expected \(expected))" }
        return JSONError(message: text, offset: offset)
    }

    @inline(never)
    static func trailing(_ byte: UInt8, at offset: Int) -> JSONError {
        JSONError(message: "unexpected character \(describe(byte)) at byte \(offset) after the JSON value",
                  offset: offset)
    }

    @inline(never)
    static func tooDeep(_ maxDepth: Int, at offset: Int) -> JSONError {
        JSONError(message: "nesting deeper than \(maxDepth) levels at byte \(offset)", offset: offset)
    }

    @inline(never)
    static func leadingZero(at offset: Int) -> JSONError {
        JSONError(message: "leading zeros are not allowed at byte \(offset)", offset: offset)
    }

    /// `literal` is the integer's ASCII text; long literals are shortened with "...".
    @inline(never)
    static func integerOverflow(_ literal: UnsafeBufferPointer<UInt8>, at offset: Int) -> JSONError {
        let shown = literal.count > 32
            ? String(decoding: literal.prefix(32), as: UTF8.self) + "..."
            : String(decoding: literal, as: UTF8.self)
        return JSONError(message: "integer \(shown) does not fit 64 bits at byte \(offset)", offset: offset)
    }

    @inline(never)
    static func unterminatedString(startingAt offset: Int) -> JSONError {
        JSONError(message: "unterminated string starting at byte \(offset)", offset: offset)
    }

    @inline(never)
    static func controlCharacter(_ byte: UInt8, at offset: Int) -> JSONError {
        JSONError(message: "unescaped control character \(hex(byte)) in string at byte \(offset)", offset: offset)
    }

    @inline(never)
    static func invalidEscape(_ byte: UInt8, at offset: Int) -> JSONError {
        let shown = byte >= 0x20 && byte < 0x7F ? "'\\\(Character(Unicode.Scalar(byte)))'" : "\\ + \(hex(byte))"
        return JSONError(message: "invalid escape \(shown) at byte \(offset)", offset: offset)
    }

    @inline(never)
    static func invalidUnicodeEscape(at offset: Int) -> JSONError {
        JSONError(message: "invalid \\u escape at byte \(offset) (expected 4 hex digits)", offset: offset)
    }

    @inline(never)
    static func invalidUTF8(at offset: Int, _ reason: String) -> JSONError {
        JSONError(message: "invalid UTF-8 at byte \(offset) (\(reason))", offset: offset)
    }

    /// `'x'` for printable ASCII, `0xHH` otherwise.
    static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : hex(byte)
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0x0" + digits : "0x" + digits
    }
}
