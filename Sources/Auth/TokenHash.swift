import Crypto

/// The SHA-256 of a bearer token: what the token file stores and what a presented token is
/// compared against (in constant time, `ConstantTime`). From swift-crypto.
public enum TokenHash {
    /// The 32-byte digest of the token's UTF-8.
    public static func digest(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// The digest in lower-case hex (as `sha256sum` prints it).
    public static func hexDigest(_ token: String) -> String {
        Hex.encode(digest(token))
    }
}
