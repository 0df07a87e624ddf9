/// The gateway's address: `http://host[:port][/prefix][/v1|/v2][/]`. The API prefix always ends in
/// the version segment of the run's ``APIDialect``.
public struct BaseURL: Sendable, Equatable {
    public let host: String
    public let port: Int
    /// Path prefix of every request, e.g. `/v1`.
    public let apiPath: String

    public enum ParseError: Error, CustomStringConvertible {
        case unsupported(String)
        case otherVersion(String, api: APIDialect)
        public var description: String {
            switch self {
            case .unsupported(let url): "unsupported URL \(url) (expected http://host[:port][/v1|/v2])"
            case let .otherVersion(url, api): "URL \(url) names another API version than --api \(api.rawValue)"
            }
        }
    }

    public init(host: String, port: Int, apiPath: String = "/v1") {
        self.host = host
        self.port = port
        self.apiPath = apiPath
    }

    /// Parses `http://host[:port][/path]`, appending the version segment of `api` unless the path
    /// already ends with it; a path ending with another version's segment is refused.
    public init(parsing text: String, api: APIDialect = .v1) throws {
        var (host, port, path) = try Self.split(text)
        while path.hasSuffix("/") { path.removeLast() }
        if APIDialect.allCases.contains(where: { $0 != api && path.hasSuffix($0.pathSegment) }) {
            throw ParseError.otherVersion(text, api: api)
        }
        if !path.hasSuffix(api.pathSegment) { path += api.pathSegment }
        self.init(host: host, port: port, apiPath: path)
    }

    /// Parses `http://host[:port]/path` keeping the path as it is (a report's own URL).
    init(verbatim text: String) throws {
        let (host, port, path) = try Self.split(text)
        self.init(host: host, port: port, apiPath: path)
    }

    /// The `Host` header value.
    var hostHeader: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? h : "\(h):\(port)"
    }

    private static func split(_ text: String) throws -> (host: String, port: Int, path: String) {
        guard text.hasPrefix("http://") else { throw ParseError.unsupported(text) }
        let rest = text.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        let path = String(rest.dropFirst(authority.count))
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
        return (host, port, path)
    }
}
