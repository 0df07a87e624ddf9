/// New bearer tokens: 256 bits from the system's cryptographic generator
/// (`SystemRandomNumberGenerator` reads `getrandom(2)` on Linux), as 64 hex digits.
public enum TokenGenerator {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            let word = generator.next() as UInt64
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Hex.encode(bytes)
    }
}
