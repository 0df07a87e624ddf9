/// "SIMD within a register" helpers: test 8 input bytes at once.
///
/// Each function returns a mask with bit 7 of byte *k* set when byte *k* is of interest. The lowest
/// set bit always marks the first such byte exactly (borrows only propagate upwards from a real
/// match), so `mask.trailingZeroBitCount >> 3` is the index of the first interesting byte.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Loads 8 bytes at `p + offset` as a little-endian word (byte 0 in the low bits).
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p + offset).loadUnaligned(as: UInt64.self))
    }

    @inline(__always)
    static func zeroBytes(_ v: UInt64) -> UInt64 {
        (v &- ones) & ~v & highBits
    }

    /// Exact variant of `zeroBytes`: no false positives at all (no carries cross byte borders),
    /// for when every flagged byte is acted upon.
    @inline(__always)
    static func exactZeroBytes(_ v: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((v & low7) &+ low7) | v | low7)
    }

    /// Prefix XOR over bytes of a high-bit mask: bit 7 of byte *k* becomes the parity of the
    /// flags in bytes 0...*k* (used to mark bytes that lie inside a string, given quote flags).
    @inline(__always)
    static func prefixXor(_ m: UInt64) -> UInt64 {
        var m = m
        m ^= m << 8
        m ^= m << 16
        m ^= m << 32
        return m
    }

    /// Number of flagged bytes in a high-bit mask (one multiply; no POPCNT needed on baseline x86-64).
    @inline(__always)
    static func count(_ m: UInt64) -> Int {
        Int(truncatingIfNeeded: ((m >> 7) &* ones) >> 56)
    }

    /// Bytes that end the fast path inside a string: `"`, `\`, control characters (< 0x20) and
    /// anything non-ASCII (>= 0x80, which needs UTF-8 validation).
    @inline(__always)
    static func stringSpecials(_ w: UInt64) -> UInt64 {
        let control = (w &- ones &* 0x20) & ~w
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        return (control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | w) & highBits
    }

    /// `"` or `\` only (skipping already validated strings).
    @inline(__always)
    static func quoteOrBackslash(_ w: UInt64) -> UInt64 {
        zeroBytes(w ^ (ones &* 0x22)) | zeroBytes(w ^ (ones &* 0x5C))
    }
}
