/// The Redis Cluster hash slot of a key: CRC16 of the key (or of its hash tag, the text between
/// the first `{` and the first `}` after it, when that text is not empty) modulo 16384.
public enum HashSlot {
    public static let count = 16384

    public static func of(_ key: String) -> Int {
        let bytes = Array(key.utf8)
        if let open = bytes.firstIndex(of: UInt8(ascii: "{")),
           let close = bytes[(open + 1)...].firstIndex(of: UInt8(ascii: "}")),
           close > open + 1 {
            return Int(CRC16.checksum(bytes[(open + 1)..<close]) & 0x3FFF)
        }
        return Int(CRC16.checksum(bytes) & 0x3FFF)
    }
}
