/// Where Redis is and how to log in, parsed from `redis://[user:password@]host:port[/db]`
/// or `unix:///path/to/socket[?db=N&password=P&user=U]`.
public struct RedisEndpoint: Sendable, Equatable, CustomStringConvertible {
    public enum Address: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    public var address: Address
    public var user: String?
    public var password: String?
    public var database: Int

    public init(address: Address, user: String? = nil, password: String? = nil, database: Int = 0) {
        self.address = address
        self.user = user
        self.password = password
        self.database = database
    }

    /// Parses a Redis URL; throws a message naming what is wrong.
    public init(url: String) throws(RedisEndpointError) {
        if url.hasPrefix("unix://") {
            var rest = String(url.dropFirst("unix://".count))
            var query = ""
            if let q = rest.firstIndex(of: "?") {
                query = String(rest[rest.index(after: q)...])
                rest = String(rest[..<q])
            }
            guard rest.hasPrefix("/") else { throw RedisEndpointError(url: url, reason: "the socket path must be absolute") }
            self.init(address: .unixSocket(path: PercentDecoding.decode(rest)))
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                switch parts[0] {
                case "db":
                    guard let db = Int(parts[1]), db >= 0 else { throw RedisEndpointError(url: url, reason: "bad db") }
                    database = db
                case "password": password = PercentDecoding.decode(parts[1])
                case "user": user = PercentDecoding.decode(parts[1])
                default: break
                }
            }
            return
        }
        guard url.hasPrefix("redis://") else {
            throw RedisEndpointError(url: url, reason: "expected redis://host:port[/db] or unix:///path")
        }
        var rest = Substring(url.dropFirst("redis://".count))
        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let u = String(credentials[..<colon])
                user = u.isEmpty ? nil : PercentDecoding.decode(u)
                password = PercentDecoding.decode(String(credentials[credentials.index(after: colon)...]))
            } else {
                password = PercentDecoding.decode(String(credentials))
            }
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let db = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !db.isEmpty {
                guard let n = Int(db), n >= 0 else { throw RedisEndpointError(url: url, reason: "bad database number") }
                database = n
            }
        }
        var host = String(rest)
        var port = 6379
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw RedisEndpointError(url: url, reason: "bad IPv6 host") }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()) else { throw RedisEndpointError(url: url, reason: "bad port") }
                port = p
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]) else { throw RedisEndpointError(url: url, reason: "bad port") }
            port = p
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw RedisEndpointError(url: url, reason: "missing host") }
        guard (1...65535).contains(port) else { throw RedisEndpointError(url: url, reason: "port out of range") }
        self.init(address: .tcp(host: host, port: port), user: user, password: password, database: database)
    }

    /// The endpoint without its password, for logs.
    public var description: String {
        switch address {
        case .tcp(let host, let port): return "redis://\(host):\(port)/\(database)"
        case .unixSocket(let path): return "unix://\(path)?db=\(database)"
        }
    }
}

/// A Redis URL that could not be parsed.
public struct RedisEndpointError: Error, Sendable, CustomStringConvertible {
    public var url: String
    public var reason: String
    public var description: String { "invalid Redis URL '\(url)': \(reason)" }
}
