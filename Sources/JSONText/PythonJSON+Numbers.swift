/// Numbers as Python prints what `json.loads` made of them: an `int` for a literal without
/// fraction or exponent, else a `float`.
extension PythonJSON {
    /// Integers are unbounded in Python, so their digits are printed as written; only `-0`
    /// changes (to `0`). Floats go through `appendFloat`.
    static func appendNumber(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, to out: inout [UInt8]) {
        let text = UnsafeBufferPointer(start: p + range.lowerBound, count: range.count)
        guard text.contains(where: { $0 == ASCII.dot || $0 | 0x20 == ASCII.lowerE }) else {
            if text.elementsEqual("-0".utf8) { out.append(ASCII.zero) } else { out.append(contentsOf: text) }
            return
        }
        // Correctly rounded, as Python's float(); only unvalidated text can fail to parse.
        appendFloat(Double(String(decoding: text, as: UTF8.self)) ?? 0, to: &out)
    }

    /// Python's `repr(float)`: the shortest digits that read back as the same double, written
    /// positionally when the decimal exponent is in -4...15 (with at least one digit after the
    /// point) and otherwise as `d.ddde+XX` (exponent at least two digits, no point for a single
    /// digit). `Infinity` for overflowed literals such as `1e999`, as `json.dumps` prints it.
    ///
    /// The digits come from Swift's `description`, which is also shortest round-trip (and picks
    /// the nearest candidate as Python does), but Swift switches to exponents at other
    /// magnitudes (`9.5e+15` where Python prints `9500000000000000.0`), so only the digits and
    /// the exponent are taken from it.
    static func appendFloat(_ value: Double, to out: inout [UInt8]) {
        if value.sign == .minus { out.append(ASCII.minus) }
        guard value.isFinite else {
            out.append(contentsOf: "Infinity".utf8)
            return
        }
        guard value != 0 else {
            out.append(contentsOf: "0.0".utf8)
            return
        }
        let (digits, point) = shortestDigits(value.magnitude) // value = 0.DIGITS × 10^point
        if point > 16 || point < -3 {
            out.append(digits[0])
            if digits.count > 1 {
                out.append(ASCII.dot)
                out.append(contentsOf: digits[1...])
            }
            let exponent = point - 1
            out.append(ASCII.lowerE)
            out.append(exponent < 0 ? ASCII.minus : ASCII.plus)
            if exponent.magnitude < 10 { out.append(ASCII.zero) }
            out.append(contentsOf: String(exponent.magnitude).utf8)
        } else if point <= 0 {
            out.append(contentsOf: "0.".utf8)
            out.append(contentsOf: repeatElement(ASCII.zero, count: -point))
            out.append(contentsOf: digits)
        } else if point >= digits.count {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(ASCII.zero, count: point - digits.count))
            out.append(contentsOf: ".0".utf8)
        } else {
            out.append(contentsOf: digits[..<point])
            out.append(ASCII.dot)
            out.append(contentsOf: digits[point...])
        }
    }

    /// The significant digits of a positive finite double (no leading or trailing zeros) and
    /// where the decimal point goes (the value is 0.DIGITS × 10^point), read off `description`
    /// (`123.45`, `0.0001`, `1e-05`, `1.5e+300`).
    private static func shortestDigits(_ value: Double) -> (digits: [UInt8], point: Int) {
        let text = Array(value.description.utf8)
        let mantissaEnd = text.firstIndex(of: ASCII.lowerE) ?? text.count
        let exponent = mantissaEnd < text.count
            ? Int(String(decoding: text[(mantissaEnd + 1)...], as: UTF8.self)) ?? 0 : 0
        let mantissa = text[..<mantissaEnd]
        var digits = mantissa.filter { $0 != ASCII.dot }
        var point = (mantissa.firstIndex(of: ASCII.dot) ?? mantissaEnd) + exponent
        while digits.first == ASCII.zero {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == ASCII.zero { digits.removeLast() }
        return (digits, point)
    }
}
