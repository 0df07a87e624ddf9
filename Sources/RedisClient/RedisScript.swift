/// A Lua script with its SHA-1, as Redis's script cache names it.
public struct RedisScript: Sendable, Equatable {
    public let name: String
    public let source: String
    public let sha1: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
        self.sha1 = SHA1.hexDigest(Array(source.utf8))
    }
}
