/// Message and claim ids: 96 bits from the system's cryptographic generator, as 24 lower-case
/// hex digits (the shape of the ids Rackspace and Zaqar's MongoDB driver hand out).
public enum RandomID {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 24)
        for chunk in 0..<3 {
            let value = generator.next() as UInt32
            for i in 0..<8 {
                out[chunk * 8 + i] = hex[Int((value >> UInt32(28 - 4 * i)) & 0xF)]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `s` has the shape of an id (malformed ids are simply "not found").
    public static func isWellFormed(_ s: some StringProtocol) -> Bool {
        s.utf8.count == 24 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
