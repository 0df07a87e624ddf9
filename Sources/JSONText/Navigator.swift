/// Walks already validated JSON text: finds value boundaries and decodes strings/integers.
///
/// Every read is bounds-checked against the input so that a `JSONValue` from another buffer (or a
/// hand-made one) yields garbage-in/garbage-out results but never a crash.
struct Navigator {
    let p: UnsafePointer<UInt8>
    /// Start of the value's text.
    let start: Int
    /// End of the value's text (exclusive).
    let end: Int

    /// Nil when the value's range is empty or does not lie inside `bytes`.
    init?(_ value: JSONValue, in bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !value.range.isEmpty,
              value.range.lowerBound >= 0, value.range.upperBound <= bytes.count else { return nil }
        p = base.assumingMemoryBound(to: UInt8.self)
        start = value.range.lowerBound
        end = value.range.upperBound
    }

    @inline(__always)
    func skipWhitespace(_ i: Int) -> Int {
        var i = i
        while i < end && ASCII.isWhitespace(p[i]) { i += 1 }
        return i
    }

    /// Index just after the string whose opening quote is at `i`.
    func skipString(_ i: Int) -> Int {
        var i = i + 1
        while true {
            while i &+ 8 <= end {
                let mask = SWAR.quoteOrBackslash(SWAR.load(p, i))
                if mask == 0 {
                    i &+= 8
                } else {
                    i &+= mask.trailingZeroBitCount >> 3
                    break
                }
            }
            guard i < end else { return end }
            if p[i] == ASCII.quote { return i + 1 }
            i += p[i] == ASCII.backslash ? 2 : 1
        }
    }

    /// Index just after the value that starts at `i`.
    func skipValue(_ i: Int) -> Int {
        switch p[i] {
        case ASCII.quote:
            return skipString(i)
        case ASCII.openBrace, ASCII.openBracket:
            return skipContainer(i)
        default:
            // Number or literal: letters, digits, '+', '-', '.'.
            var i = i
            while i < end {
                let c = p[i]
                guard ASCII.isDigit(c) || (c | 0x20) &- 0x61 < 26 || c == ASCII.minus || c == ASCII.plus
                        || c == ASCII.dot else { break }
                i += 1
            }
            return i
        }
    }

    /// Index just after the object/array whose opening bracket is at `start`.
    ///
    /// Eight bytes at a time, without branching per byte: escaped bytes are masked out (only
    /// backslashes are visited, and in valid JSON they occur only inside strings), unescaped
    /// quotes are prefix-XORed into an "inside a string" mask, brackets outside strings are
    /// counted, and only a word that could bring the depth to zero is walked bracket by bracket.
    func skipContainer(_ start: Int) -> Int {
        let ones = SWAR.ones
        var depth = 0
        var inString = false
        var carry: UInt64 = 0 // 0x80 when the next word's first byte is escaped
        var i = start
        while i &+ 8 <= end {
            let w = SWAR.load(p, i)
            var escaped = carry
            carry = 0
            var backslashes = SWAR.exactZeroBytes(w ^ (ones &* 0x5C))
            while backslashes != 0 {
                let bit = backslashes & (0 &- backslashes)
                backslashes &= backslashes &- 1
                if escaped & bit != 0 { continue } // an escaped backslash escapes nothing
                if bit == 1 << 63 { carry = 0x80 } else { escaped |= bit << 8 }
            }
            var inside = SWAR.prefixXor(SWAR.exactZeroBytes(w ^ (ones &* 0x22)) & ~escaped)
            if inString { inside ^= SWAR.highBits }
            inString = inside >> 63 != 0
            let folded = w | (ones &* 0x20)
            let opens = SWAR.exactZeroBytes(folded ^ (ones &* 0x7B)) & ~inside
            let closes = SWAR.exactZeroBytes(folded ^ (ones &* 0x7D)) & ~inside
            let closeCount = SWAR.count(closes)
            if closeCount < depth {
                depth += SWAR.count(opens) - closeCount
            } else {
                var mask = opens | closes
                while mask != 0 {
                    let bit = mask & (0 &- mask)
                    mask &= mask &- 1
                    if opens & bit != 0 {
                        depth += 1
                    } else {
                        depth -= 1
                        if depth == 0 { return i &+ bit.trailingZeroBitCount >> 3 &+ 1 }
                    }
                }
            }
            i &+= 8
        }
        // Tail (< 8 bytes): byte by byte.
        if carry != 0 { i += 1 }
        while i < end {
            let c = p[i]
            if inString {
                if c == ASCII.quote { inString = false } else if c == ASCII.backslash { i += 1 }
            } else if c == ASCII.quote {
                inString = true
            } else if c == ASCII.openBrace || c == ASCII.openBracket {
                depth += 1
            } else if c == ASCII.closeBrace || c == ASCII.closeBracket {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
        return end
    }

    /// Calls `body` with each member's key range (including quotes) and value, in order.
    /// With `ends`, nested containers are skipped by look-up instead of by scanning.
    func forEachMember(ends: ContainerEnds? = nil, _ body: (Range<Int>, JSONValue) -> Void) {
        guard p[start] == ASCII.openBrace else { return }
        var i = start + 1
        while true {
            i = skipWhitespace(i)
            guard i < end && p[i] == ASCII.quote else { return }
            let keyStart = i
            i = skipString(i)
            let keyRange = keyStart..<i
            i = skipWhitespace(i)
            guard i < end && p[i] == ASCII.colon else { return }
            i = skipWhitespace(i + 1)
            guard i < end else { return }
            let valueEnd = ends?[i] ?? skipValue(i)
            body(keyRange, JSONValue(kind: ASCII.kind(startingWith: p[i]), range: i..<valueEnd))
            i = skipWhitespace(valueEnd)
            guard i < end && p[i] == ASCII.comma else { return }
            i += 1
        }
    }

    /// Calls `body` with each element, in order. `ends` as for `forEachMember`.
    func forEachElement(ends: ContainerEnds? = nil, _ body: (JSONValue) -> Void) {
        guard p[start] == ASCII.openBracket else { return }
        var i = start + 1
        while true {
            i = skipWhitespace(i)
            guard i < end, p[i] != ASCII.closeBracket else { return }
            let valueEnd = ends?[i] ?? skipValue(i)
            guard valueEnd > i else { return }
            body(JSONValue(kind: ASCII.kind(startingWith: p[i]), range: i..<valueEnd))
            i = skipWhitespace(valueEnd)
            guard i < end && p[i] == ASCII.comma else { return }
            i += 1
        }
    }
}
