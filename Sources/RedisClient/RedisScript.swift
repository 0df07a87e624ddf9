import Crypto

/// A Lua script with its SHA-1, as Redis's script cache names it.
public struct RedisScript: Sendable, Equatable {
    public let name: String
    public let source: String
    public let sha1: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
        // The name Redis's script cache gives it (EVALSHA), known even while Redis is down.
        self.sha1 = Insecure.SHA1.hash(data: Array(source.utf8)).map { byte in
            String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
        }.joined()
    }
}
