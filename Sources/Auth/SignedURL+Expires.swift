/// The expiry time of a signed URL: the ISO 8601 forms Zaqar accepts when a URL is created, and
/// the one form (`%Y-%m-%dT%H:%M:%S`, UTC, no zone suffix) it signs and returns.
extension SignedURL {
    /// Parses `YYYY-MM-DDTHH:MM:SS`, optionally followed by a fraction (`.` and digits) and then
    /// `Z` or `+00:00`. The fraction is dropped, as Zaqar's `strftime` drops it. Nil for anything
    /// else, including other offsets, dates that do not exist and years outside 0001...9999
    /// (Python's `datetime` range).
    public static func parseExpires(_ s: String) -> (epochSeconds: Int64, canonical: String)? {
        let b = Array(s.utf8)
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
              let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), let second = digits(b, 17, 2),
              year >= 1, (1...12).contains(month), day >= 1, day <= CivilTime.daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second < 60 else { return nil }
        var i = 19
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < b.count && isDigit(b[i]) { i += 1 }
            guard i > fractionStart else { return nil }
        }
        let zone = b[i...]
        guard zone.isEmpty || zone.elementsEqual("Z".utf8) || zone.elementsEqual("+00:00".utf8) else { return nil }
        let epoch = CivilTime.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        return (epoch, formatExpires(epochSeconds: epoch))
    }

    /// `epochSeconds` (Unix time) as `%Y-%m-%dT%H:%M:%S` in UTC.
    public static func formatExpires(epochSeconds: Int64) -> String {
        let days = CivilTime.floorDivide(epochSeconds, 86_400)
        let secondOfDay = epochSeconds - days * 86_400
        let (year, month, day) = CivilTime.date(days: days)
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))T\(padded(secondOfDay / 3600, 2)):"
            + "\(padded(secondOfDay / 60 % 60, 2)):\(padded(secondOfDay % 60, 2))"
    }

    private static func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

    /// The decimal value of `count` ASCII digits at `start`, or nil if any is not a digit.
    private static func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for c in b[start..<(start + count)] {
            guard isDigit(c) else { return nil }
            value = value * 10 + Int64(c - UInt8(ascii: "0"))
        }
        return value
    }

    private static func padded(_ n: Int64, _ width: Int) -> String {
        let text = String(n)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
