/// Strings as Python's `json.dumps` prints them with `ensure_ascii=True`.
extension PythonJSON {
    /// Appends the string whose text (with quotes) is at `range`, re-escaped: printable ASCII as
    /// itself, `\"` `\\` `\n` `\r` `\t` `\b` `\f`, every other code point below U+10000 as
    /// `\uxxxx` (lower-case hex; DEL and lone surrogates included) and the rest as a surrogate
    /// pair. The input's escapes are decoded first, one UTF-16 unit per `\uXXXX`: printing a pair
    /// of escapes unit by unit gives the same bytes as printing the code point they combine to.
    static func appendString(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, to out: inout [UInt8]) {
        out.append(ASCII.quote)
        var i = range.lowerBound + 1
        let end = max(i, range.upperBound - 1)
        while i < end {
            let c = p[i]
            if c == ASCII.backslash && i + 1 < end {
                let escaped = p[i + 1]
                i += 2
                switch escaped {
                case 0x62: appendCodePoint(0x08, to: &out)   // \b
                case 0x66: appendCodePoint(0x0C, to: &out)   // \f
                case 0x6E: appendCodePoint(0x0A, to: &out)   // \n
                case 0x72: appendCodePoint(0x0D, to: &out)   // \r
                case 0x74: appendCodePoint(0x09, to: &out)   // \t
                case 0x75 where i + 4 <= end:                // \uXXXX
                    var unit: UInt32 = 0
                    for k in 0..<4 { unit = unit << 4 | (ASCII.hexValue(p[i + k]) ?? 0) }
                    appendCodePoint(unit, to: &out)
                    i += 4
                default:                                     // \" \\ \/
                    appendCodePoint(UInt32(escaped), to: &out)
                }
            } else if c < 0x80 {
                appendCodePoint(UInt32(c), to: &out)
                i += 1
            } else {
                // Validated UTF-8: the lead byte gives the length and its payload bits.
                let length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
                var scalar = UInt32(c) & (0x7F >> length)
                for k in 1..<length where i + k < end { scalar = scalar << 6 | UInt32(p[i + k] & 0x3F) }
                appendCodePoint(scalar, to: &out)
                i += length
            }
        }
        out.append(ASCII.quote)
    }

    private static func appendCodePoint(_ c: UInt32, to out: inout [UInt8]) {
        switch c {
        case UInt32(ASCII.quote), UInt32(ASCII.backslash): out.append(ASCII.backslash); out.append(UInt8(c))
        case 0x0A: out.append(contentsOf: #"\n"#.utf8)
        case 0x0D: out.append(contentsOf: #"\r"#.utf8)
        case 0x09: out.append(contentsOf: #"\t"#.utf8)
        case 0x08: out.append(contentsOf: #"\b"#.utf8)
        case 0x0C: out.append(contentsOf: #"\f"#.utf8)
        case 0x20...0x7E: out.append(UInt8(c))
        case 0x10000...:
            let v = c - 0x10000
            appendUnicodeEscape(0xD800 | v >> 10, to: &out)
            appendUnicodeEscape(0xDC00 | v & 0x3FF, to: &out)
        default: appendUnicodeEscape(c, to: &out)
        }
    }

    private static func appendUnicodeEscape(_ unit: UInt32, to out: inout [UInt8]) {
        out.append(ASCII.backslash)
        out.append(0x75) // u
        for shift: UInt32 in [12, 8, 4, 0] {
            let digit = UInt8(unit >> shift & 0xF)
            out.append(digit < 10 ? ASCII.zero + digit : 0x57 + digit) // 0x57 + 10 = 'a'
        }
    }
}
