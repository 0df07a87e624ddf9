/// Message and claim ids: 96 bits from the system's cryptographic generator, as 24 lower-case
/// hex digits (the shape of the ids Rackspace and Zaqar's MongoDB driver hand out).
public enum RandomID {
    private static let hex = Array("0123456789abcdef".utf8)

    public static func make() -> String {
        // Two draws (64 + 32 bits): each draw is a `getrandom` system call, and this runs once
        // per posted message.
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt32
        var out = [UInt8](repeating: 0, count: 24)
        for i in 0..<16 { out[i] = hex[Int((high >> UInt64(60 - 4 * i)) & 0xF)] }
        for i in 0..<8 { out[16 + i] = hex[Int((low >> UInt32(28 - 4 * i)) & 0xF)] }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `s` has the shape of an id (malformed ids are simply "not found").
    public static func isWellFormed(_ s: some StringProtocol) -> Bool {
        s.utf8.count == 24 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
