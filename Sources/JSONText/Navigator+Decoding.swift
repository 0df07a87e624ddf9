/// Turning validated JSON text into Swift values: strings (unescaped) and integers.
extension Navigator {
    /// True when the string text in `range` (with quotes) decodes to exactly `key`'s UTF-8.
    func stringEquals(_ range: Range<Int>, _ key: String) -> Bool {
        let inner = UnsafeBufferPointer(start: p + range.lowerBound + 1, count: max(0, range.count - 2))
        if !inner.contains(ASCII.backslash) {
            var key = key
            return key.withUTF8 { $0.elementsEqual(inner) }
        }
        return decodeString(range) == key
    }

    /// Unescapes the string text in `range` (with quotes). Lone surrogate escapes (valid JSON, not
    /// representable in a Swift String) become U+FFFD.
    func decodeString(_ range: Range<Int>) -> String {
        let first = range.lowerBound + 1
        var last = range.upperBound
        if last > first && p[last - 1] == ASCII.quote { last -= 1 }
        guard last > first else { return "" }
        let inner = UnsafeBufferPointer(start: p + first, count: last - first)
        guard inner.contains(ASCII.backslash) else { return String(decoding: inner, as: UTF8.self) }
        // Unescaping never lengthens the text (\x: 2 bytes -> 1; \uXXXX: 6 -> at most 3; a pair:
        // 12 -> 4), so the input length is a safe capacity even for unvalidated text.
        return String(unsafeUninitializedCapacity: inner.count) { out in
            var r = 0
            var w = 0
            @inline(__always) func put(_ b: UInt8) {
                out[w] = b
                w += 1
            }
            @inline(__always) func hex4(_ at: Int) -> UInt32? {
                guard at + 4 <= inner.count else { return nil }
                var v: UInt32 = 0
                for k in 0..<4 {
                    guard let h = ASCII.hexValue(inner[at + k]) else { return nil }
                    v = v << 4 | h
                }
                return v
            }
            while r < inner.count {
                let c = inner[r]
                guard c == ASCII.backslash, r + 1 < inner.count else {
                    put(c)
                    r += 1
                    continue
                }
                let e = inner[r + 1]
                r += 2
                switch e {
                case 0x62: put(0x08)  // \b
                case 0x66: put(0x0C)  // \f
                case 0x6E: put(0x0A)  // \n
                case 0x72: put(0x0D)  // \r
                case 0x74: put(0x09)  // \t
                case 0x75:            // \uXXXX
                    // Not 4 hex digits (only possible for unvalidated text): keep the 'u', so the
                    // output never outgrows the input.
                    guard var scalar = hex4(r) else { put(e); continue }
                    r += 4
                    if scalar & 0xFC00 == 0xD800, r + 6 <= inner.count, inner[r] == ASCII.backslash,
                       inner[r + 1] == 0x75, let low = hex4(r + 2), low & 0xFC00 == 0xDC00 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        r += 6
                    } else if scalar & 0xF800 == 0xD800 {
                        scalar = 0xFFFD
                    }
                    if scalar < 0x80 {
                        put(UInt8(scalar))
                    } else if scalar < 0x800 {
                        put(UInt8(0xC0 | scalar >> 6))
                        put(UInt8(0x80 | scalar & 0x3F))
                    } else if scalar < 0x10000 {
                        put(UInt8(0xE0 | scalar >> 12))
                        put(UInt8(0x80 | scalar >> 6 & 0x3F))
                        put(UInt8(0x80 | scalar & 0x3F))
                    } else {
                        put(UInt8(0xF0 | scalar >> 18))
                        put(UInt8(0x80 | scalar >> 12 & 0x3F))
                        put(UInt8(0x80 | scalar >> 6 & 0x3F))
                        put(UInt8(0x80 | scalar & 0x3F))
                    }
                default:              // \" \\ \/
                    put(e)
                }
            }
            return w
        }
    }

    /// The integer literal's value if it has no fraction/exponent and fits; else nil.
    func int64() -> Int64? {
        var i = start
        let negative = p[i] == ASCII.minus
        if negative { i += 1 }
        guard i < end else { return nil }
        var value: Int64 = 0
        while i < end {
            let d = p[i] &- ASCII.zero
            guard d < 10 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            // Accumulate negatively so that Int64.min is reachable.
            let (next, o2) = negative ? times10.subtractingReportingOverflow(Int64(d))
                                      : times10.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = next
            i += 1
        }
        return value
    }
}
