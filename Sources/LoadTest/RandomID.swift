/// Random identifiers without Foundation.
enum RandomID {
    private static let hexDigits = Array("0123456789abcdef")

    /// `count` random lower-case hex digits.
    static func hex(_ count: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in hexDigits[Int(rng.next() & 15)] })
    }

    /// A random (version 4) UUID in canonical 8-4-4-4-12 form.
    static func uuid() -> String {
        var rng = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        var out = ""
        for (i, b) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(i) { out.append("-") }
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 15)])
        }
        return out
    }
}
