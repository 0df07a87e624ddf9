/// Comparison whose running time does not depend on where two byte strings differ.
public enum ConstantTime {
    /// Whether `a` and `b` are equal; looks at every byte of both when their lengths match.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
