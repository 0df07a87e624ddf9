/// `%XX` decoding as URLs use it (Redis URLs here; the store and the HTTP layer reuse it for
/// project ids). Malformed escapes are kept as they are; invalid UTF-8 becomes U+FFFD.
public enum PercentDecoding {
    public static func decode(_ s: some StringProtocol) -> String {
        guard s.contains("%") else { return String(s) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%"), it.count >= 2, let high = hexValue(it[it.startIndex]),
               let low = hexValue(it[it.startIndex + 1]) {
                bytes.append(high << 4 | low)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
