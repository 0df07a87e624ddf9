/// The gateway's address: `http://host[:port][/prefix][/v1][/]`. The API prefix always ends in `/v1`.
public struct BaseURL: Sendable, Equatable {
    public let host: String
    public let port: Int
    /// Path prefix of every request, e.g. `/v1`.
    public let apiPath: String

    public enum ParseError: Error, CustomStringConvertible {
        case unsupported(String)
        public var description: String {
            switch self {
            case .unsupported(let url): "unsupported URL \(url) (expected http://host[:port][/v1])"
            }
        }
    }

    public init(host: String, port: Int, apiPath: String = "/v1") {
        self.host = host
        self.port = port
        self.apiPath = apiPath
    }

    /// Parses `http://host[:port][/path]`, appending `/v1` unless the path already ends with it.
    public init(parsing text: String) throws {
        guard text.hasPrefix("http://") else { throw ParseError.unsupported(text) }
        let rest = text.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        var path = String(rest.dropFirst(authority.count))
        while path.hasSuffix("/") { path.removeLast() }
        if !path.hasSuffix("/v1") { path += "/v1" }
        var host = String(authority)
        var port = 80
        if host.hasPrefix("[") {  // [ipv6]:port
            guard let close = host.firstIndex(of: "]") else { throw ParseError.unsupported(text) }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()) else { throw ParseError.unsupported(text) }
                port = p
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]) else { throw ParseError.unsupported(text) }
            port = p
            host = String(host[..<colon])
        }
        guard !host.isEmpty, (1...65535).contains(port) else { throw ParseError.unsupported(text) }
        self.init(host: host, port: port, apiPath: path)
    }

    /// The `Host` header value.
    var hostHeader: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? h : "\(h):\(port)"
    }
}
