/// Single-pass, non-recursive RFC 8259 validator over raw bytes.
///
/// Containers are tracked with a `DepthStack` instead of recursion, so `maxDepth` is only a
/// policy limit, never a stack-overflow risk. Nothing is allocated unless validation fails
/// (the error message) or `maxDepth > 64` and the input actually nests deeper than 64.
struct Validator {
    let p: UnsafePointer<UInt8>
    let end: Int
    var i = 0

    init(_ p: UnsafePointer<UInt8>, count: Int) {
        self.p = p
        self.end = count
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < end && ASCII.isWhitespace(p[i]) { i += 1 }
    }

    /// The byte at `i`, or nil at end of input (for error messages).
    @inline(__always)
    func current() -> UInt8? { i < end ? p[i] : nil }

    /// Validates the whole buffer as one JSON document and returns its top-level value.
    mutating func document(maxDepth: Int) throws(JSONError) -> JSONValue {
        skipWhitespace()
        guard i < end else { throw JSONError.emptyInput(at: i) }
        let start = i
        let first = p[i]
        var depth = 0
        var stack = DepthStack()

        value: while true {
            // Here `i` is at the first byte of a value (whitespace already skipped).
            guard i < end else { throw JSONError.unexpected(nil, at: i, expected: "a value") }
            let c = p[i]
            switch c {
            case ASCII.openBrace:
                if depth >= maxDepth { throw JSONError.tooDeep(maxDepth, at: i) }
                stack.set(depth, isObject: true)
                depth += 1
                i += 1
                skipWhitespace()
                if i < end && p[i] == ASCII.closeBrace {
                    i += 1
                    depth -= 1
                } else {
                    try memberKey()
                    continue value
                }
            case ASCII.openBracket:
                if depth >= maxDepth { throw JSONError.tooDeep(maxDepth, at: i) }
                stack.set(depth, isObject: false)
                depth += 1
                i += 1
                skipWhitespace()
                if i < end && p[i] == ASCII.closeBracket {
                    i += 1
                    depth -= 1
                } else {
                    continue value
                }
            case ASCII.quote:
                try string()
            case ASCII.minus, 0x30...0x39:
                try number()
            case 0x74: // t
                try literal("true")
            case 0x66: // f
                try literal("false")
            case 0x6E: // n
                try literal("null")
            default:
                throw JSONError.unexpected(c, at: i, expected: "a value")
            }

            // A value just ended at `i`: close containers or move to the next member/element.
            while depth > 0 {
                skipWhitespace()
                guard i < end else {
                    throw JSONError.unexpected(nil, at: i,
                                               expected: stack.isObject(depth - 1) ? "',' or '}'" : "',' or ']'")
                }
                let c = p[i]
                if stack.isObject(depth - 1) {
                    if c == ASCII.comma {
                        i += 1
                        skipWhitespace()
                        try memberKey()
                        continue value
                    }
                    guard c == ASCII.closeBrace else { throw JSONError.unexpected(c, at: i, expected: "',' or '}'") }
                } else {
                    if c == ASCII.comma {
                        i += 1
                        skipWhitespace()
                        continue value
                    }
                    guard c == ASCII.closeBracket else { throw JSONError.unexpected(c, at: i, expected: "',' or ']'") }
                }
                i += 1
                depth -= 1
            }
            break
        }

        let valueEnd = i
        skipWhitespace()
        if i < end { throw JSONError.trailing(p[i], at: i) }
        return JSONValue(kind: ASCII.kind(startingWith: first), range: start..<valueEnd)
    }

    /// `"key"` `:` and the whitespace after it; leaves `i` at the member's value.
    @inline(__always)
    mutating func memberKey() throws(JSONError) {
        guard i < end && p[i] == ASCII.quote else {
            throw JSONError.unexpected(current(), at: i, expected: "a string key")
        }
        try string()
        skipWhitespace()
        guard i < end && p[i] == ASCII.colon else {
            throw JSONError.unexpected(current(), at: i, expected: "':'")
        }
        i += 1
        skipWhitespace()
    }

    /// `true` / `false` / `null` at `i`.
    @inline(__always)
    mutating func literal(_ word: StaticString) throws(JSONError) {
        let w = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount {
            guard i < end && p[i] == w[k] else {
                throw JSONError.unexpected(current(), at: i, expected: "'\(word)'")
            }
            i += 1
        }
    }

    // MARK: Strings

    /// A string starting at the opening quote at `i`; leaves `i` after the closing quote.
    mutating func string() throws(JSONError) {
        let start = i
        i += 1
        while true {
            // Fast path: 8 plain ASCII bytes at a time.
            while i &+ 8 <= end {
                let mask = SWAR.stringSpecials(SWAR.load(p, i))
                if mask == 0 {
                    i &+= 8
                } else {
                    i &+= mask.trailingZeroBitCount >> 3
                    break
                }
            }
            guard i < end else { throw JSONError.unterminatedString(startingAt: start) }
            let c = p[i]
            if c == ASCII.quote {
                i += 1
                return
            } else if c == ASCII.backslash {
                try escape(stringStart: start)
            } else if c < 0x20 {
                throw JSONError.controlCharacter(c, at: i)
            } else if c >= 0x80 {
                try utf8Sequence()
            } else {
                i += 1
            }
        }
    }

    /// An escape sequence starting at the backslash at `i`.
    @inline(__always)
    mutating func escape(stringStart: Int) throws(JSONError) {
        let backslash = i
        i += 1
        guard i < end else { throw JSONError.unterminatedString(startingAt: stringStart) }
        switch p[i] {
        case ASCII.quote, ASCII.backslash, ASCII.slash,
             0x62, 0x66, 0x6E, 0x72, 0x74: // b f n r t
            i += 1
        case 0x75: // u: exactly 4 hex digits; any code unit (even a lone surrogate) is accepted
            i += 1
            for _ in 0..<4 {
                guard i < end else { throw JSONError.unterminatedString(startingAt: stringStart) }
                guard ASCII.hexValue(p[i]) != nil else { throw JSONError.invalidUnicodeEscape(at: backslash) }
                i += 1
            }
        default:
            throw JSONError.invalidEscape(p[i], at: backslash)
        }
    }

    /// One multi-byte UTF-8 sequence whose lead byte (>= 0x80) is at `i` (Unicode Table 3-7).
    mutating func utf8Sequence() throws(JSONError) {
        let start = i
        let lead = p[i]
        let trailing: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: trailing = 1
        case 0xE0: trailing = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: trailing = 2
        case 0xED: trailing = 2; high = 0x9F
        case 0xF0: trailing = 3; low = 0x90
        case 0xF1...0xF3: trailing = 3
        case 0xF4: trailing = 3; high = 0x8F
        case 0x80...0xBF: throw JSONError.invalidUTF8(at: start, "unexpected continuation byte")
        case 0xC0, 0xC1: throw JSONError.invalidUTF8(at: start, "overlong encoding")
        default: throw JSONError.invalidUTF8(at: start, "invalid byte \(JSONError.hex(lead))")
        }
        for k in 1...trailing {
            guard start + k < end else { throw JSONError.invalidUTF8(at: start, "truncated sequence") }
            let b = p[start + k]
            guard b & 0xC0 == 0x80 else { throw JSONError.invalidUTF8(at: start, "truncated sequence") }
            if k == 1 && (b < low || b > high) {
                switch lead {
                case 0xE0, 0xF0: throw JSONError.invalidUTF8(at: start, "overlong encoding")
                case 0xED: throw JSONError.invalidUTF8(at: start, "encoded surrogate")
                default: throw JSONError.invalidUTF8(at: start, "code point above U+10FFFF")
                }
            }
        }
        i = start + trailing + 1
    }

    // MARK: Numbers

    /// A number at `i`; integer literals (no fraction, no exponent) must fit Int64.
    mutating func number() throws(JSONError) {
        let start = i
        if p[i] == ASCII.minus { i += 1 }
        guard i < end else { throw JSONError.unexpected(nil, at: i, expected: "a digit") }
        let intStart = i
        let d = p[i]
        if d == ASCII.zero {
            i += 1
            if i < end && ASCII.isDigit(p[i]) { throw JSONError.leadingZero(at: intStart) }
        } else if ASCII.isDigit(d) {
            i += 1
            while i < end && ASCII.isDigit(p[i]) { i += 1 }
        } else {
            throw JSONError.unexpected(d, at: i, expected: "a digit")
        }
        let intDigits = i - intStart
        var integral = true
        if i < end && p[i] == ASCII.dot {
            i += 1
            integral = false
            try digits(expected: "a digit after '.'")
        }
        if i < end && p[i] | 0x20 == ASCII.lowerE {
            i += 1
            integral = false
            if i < end && (p[i] == ASCII.plus || p[i] == ASCII.minus) { i += 1 }
            try digits(expected: "a digit in the exponent")
        }
        if integral && intDigits >= 19 {
            try checkInt64(start: start, digitsStart: intStart, digitCount: intDigits)
        }
    }

    /// One or more digits at `i`.
    @inline(__always)
    mutating func digits(expected: @autoclosure () -> String) throws(JSONError) {
        guard i < end && ASCII.isDigit(p[i]) else { throw JSONError.unexpected(current(), at: i, expected: expected()) }
        i += 1
        while i < end && ASCII.isDigit(p[i]) { i += 1 }
    }

    /// Rejects integer literals outside Int64 (no leading zeros, so digit count decides mostly).
    @inline(never)
    func checkInt64(start: Int, digitsStart: Int, digitCount: Int) throws(JSONError) {
        var fits = digitCount < 19
        if digitCount == 19 {
            let limit: StaticString = p[start] == ASCII.minus ? "9223372036854775808" : "9223372036854775807"
            let l = limit.utf8Start
            fits = true
            for k in 0..<19 where p[digitsStart + k] != l[k] {
                fits = p[digitsStart + k] < l[k]
                break
            }
        }
        if !fits {
            throw JSONError.integerOverflow(UnsafeBufferPointer(start: p + start, count: i - start), at: start)
        }
    }
}
