import HTTPTypes
import RedisClient

/// The resources of the v1 API, recognised from the path alone. Both URL forms are accepted:
/// `/v1/queues/...` and `/v1/{project_id}/queues/...`; the fixed segments `queues` and `health`
/// take precedence over a project id, and `/v1/{anything}` is the home document (contract §1, §14).
enum Route: Equatable {
    case home
    case health
    case queues
    case queue(String)
    case metadata(String)
    case stats(String)
    case messages(String)
    case message(String, id: String)
    case claims(String)
    case claim(String, id: String)

    /// The route and the project id named in the path (nil for the `/v1/queues` form), or nil
    /// if the path is no route of the API.
    static func match(path: String) -> (route: Route, pathProject: String?)? {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(Substring.init)
        // "/v1/queues" splits into ["", "v1", "queues"]; one trailing slash is tolerated.
        guard segments.first == "" else { return nil }
        segments.removeFirst()
        if segments.count > 1, segments.last == "" { segments.removeLast() }
        guard segments.first == "v1" else { return nil }
        segments.removeFirst()
        if segments.isEmpty || segments == [""] { return (.home, nil) }
        if segments.contains("") { return nil }
        let decoded = segments.map { PercentDecoding.decode($0) }
        if let route = resource(decoded[...]) { return (route, nil) }
        // Project form: /v1/{project}/...
        let project = decoded[0]
        if decoded.count == 1 { return (.home, nil) }
        if let route = resource(decoded.dropFirst()) { return (route, project) }
        return nil
    }

    private static func resource(_ s: ArraySlice<String>) -> Route? {
        let s = Array(s)
        switch s.count {
        case 1:
            if s[0] == "health" { return .health }
            if s[0] == "queues" { return .queues }
        case 2 where s[0] == "queues":
            return .queue(s[1])
        case 3 where s[0] == "queues":
            switch s[2] {
            case "metadata": return .metadata(s[1])
            case "stats": return .stats(s[1])
            case "messages": return .messages(s[1])
            case "claims": return .claims(s[1])
            default: return nil
            }
        case 4 where s[0] == "queues":
            switch s[2] {
            case "messages": return .message(s[1], id: s[3])
            case "claims": return .claim(s[1], id: s[3])
            default: return nil
            }
        default: break
        }
        return nil
    }

    /// The queue named in the path, if any.
    var queueName: String? {
        switch self {
        case .home, .health, .queues: return nil
        case .queue(let q), .metadata(let q), .stats(let q), .messages(let q), .claims(let q): return q
        case .message(let q, _), .claim(let q, _): return q
        }
    }

    /// The methods this resource answers (the `Allow` header of a 405).
    var allowedMethods: [HTTPRequest.Method] {
        switch self {
        case .home, .health: return [.get, .head]
        case .queues, .stats: return [.get]
        case .queue: return [.get, .head, .put, .delete]
        case .metadata: return [.get, .put]
        case .messages: return [.get, .post, .delete]
        case .message: return [.get, .delete]
        case .claims: return [.post]
        case .claim: return [.get, .patch, .delete]
        }
    }
}
