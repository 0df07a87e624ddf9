/// Byte constants of the JSON grammar.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let zero: UInt8 = 0x30
    static let colon: UInt8 = 0x3A
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let lowerE: UInt8 = 0x65
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D

    @inline(__always)
    static func isWhitespace(_ c: UInt8) -> Bool {
        c == space || c == newline || c == carriageReturn || c == tab
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- zero < 10 }

    /// Value of a hex digit, or nil.
    @inline(__always)
    static func hexValue(_ c: UInt8) -> UInt32? {
        if c &- 0x30 < 10 { return UInt32(c &- 0x30) }
        let lower = c | 0x20
        if lower &- 0x61 < 6 { return UInt32(lower &- 0x61 + 10) }
        return nil
    }

    /// Kind of the value whose text starts with `c` (input assumed valid).
    @inline(__always)
    static func kind(startingWith c: UInt8) -> JSONKind {
        switch c {
        case openBrace: return .object
        case openBracket: return .array
        case quote: return .string
        case 0x74, 0x66: return .bool   // t, f
        case 0x6E: return .null          // n
        default: return .number
        }
    }
}
