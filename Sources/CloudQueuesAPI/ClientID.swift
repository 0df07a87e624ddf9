/// Parses a `Client-ID` the way Python's `uuid.UUID(...)` does (canonical 8-4-4-4-12, 32 bare
/// hex digits, `{...}` braces, a `urn:uuid:` prefix, hyphens anywhere) and returns the canonical
/// lower-case 8-4-4-4-12 form, so echo filtering compares 128-bit values, not spellings.
enum ClientID {
    static func canonical(_ raw: String) -> String? {
        var s = Substring(raw)
        if s.lowercased().hasPrefix("urn:") { s = s.dropFirst(4) }
        if s.lowercased().hasPrefix("uuid:") { s = s.dropFirst(5) }
        if s.hasPrefix("{") && s.hasSuffix("}") && s.count >= 2 { s = s.dropFirst().dropLast() }
        var hex: [UInt8] = []
        hex.reserveCapacity(32)
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "-"): continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): hex.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): hex.append(byte + 32)
            default: return nil
            }
        }
        guard hex.count == 32 else { return nil }
        var out = hex
        for position in [20, 16, 12, 8] { out.insert(UInt8(ascii: "-"), at: position) }
        return String(decoding: out, as: UTF8.self)
    }
}
