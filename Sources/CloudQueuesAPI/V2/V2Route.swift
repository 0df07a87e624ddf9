import HTTPTypes
import RedisClient

/// The Zaqar API versions served next to v1 (`/v1.1/...` and `/v2/...`): v1.1 is v2 without
/// queue PATCH, reserved queue attributes, subscriptions, share and purge (docs/api-v2.md).
enum APIVersion: String, Sendable {
    case v1_1 = "v1.1"
    case v2 = "v2"

    /// The path prefix, e.g. `/v2`.
    var prefix: String { "/" + rawValue }
}

/// The resources of the v1.1 and v2 APIs, recognised from the path alone. There is no
/// project-in-the-path form: the project is always `X-Project-ID`.
enum V2Route: Equatable {
    case home
    case ping
    case health
    case queues
    case queue(String)
    case stats(String)
    case share(String)
    case purge(String)
    case messages(String)
    case message(String, id: String)
    case claims(String)
    case claim(String, id: String)
    case subscriptions(String)
    case subscription(String, id: String)
    case confirm(String, id: String)

    /// The version and route of a path under `/v1.1` or `/v2`, or nil. A route that only v2 has
    /// is nil under v1.1 (404, as in Zaqar).
    static func match(path: String) -> (version: APIVersion, route: V2Route)? {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(Substring.init)
        guard segments.first == "" else { return nil }
        segments.removeFirst()
        if segments.count > 1, segments.last == "" { segments.removeLast() }
        guard let first = segments.first, let version = APIVersion(rawValue: String(first)) else { return nil }
        segments.removeFirst()
        if segments.isEmpty { return (version, .home) }
        if segments.contains("") { return nil }
        let s = segments.map { PercentDecoding.decode($0) }
        let route: V2Route?
        switch s.count {
        case 1:
            route = s[0] == "ping" ? .ping : s[0] == "health" ? .health : s[0] == "queues" ? .queues : nil
        case 2 where s[0] == "queues":
            route = .queue(s[1])
        case 3 where s[0] == "queues":
            switch s[2] {
            case "stats": route = .stats(s[1])
            case "share": route = .share(s[1])
            case "purge": route = .purge(s[1])
            case "messages": route = .messages(s[1])
            case "claims": route = .claims(s[1])
            case "subscriptions": route = .subscriptions(s[1])
            default: route = nil
            }
        case 4 where s[0] == "queues":
            switch s[2] {
            case "messages": route = .message(s[1], id: s[3])
            case "claims": route = .claim(s[1], id: s[3])
            case "subscriptions": route = .subscription(s[1], id: s[3])
            default: route = nil
            }
        case 5 where s[0] == "queues" && s[2] == "subscriptions" && s[4] == "confirm":
            route = .confirm(s[1], id: s[3])
        default:
            route = nil
        }
        guard let route, version == .v2 || !route.isV2Only else { return nil }
        return (version, route)
    }

    private var isV2Only: Bool {
        switch self {
        case .share, .purge, .subscriptions, .subscription, .confirm: return true
        default: return false
        }
    }

    /// The queue named in the path, if any.
    var queueName: String? {
        switch self {
        case .home, .ping, .health, .queues: return nil
        case .queue(let q), .stats(let q), .share(let q), .purge(let q), .messages(let q), .claims(let q), .subscriptions(let q):
            return q
        case .message(let q, _), .claim(let q, _), .subscription(let q, _), .confirm(let q, _): return q
        }
    }

    /// The methods this resource answers in `version` (the `Allow` header of a 405). HEAD on a
    /// queue is a 405, as in Zaqar.
    func allowedMethods(_ version: APIVersion) -> [HTTPRequest.Method] {
        switch self {
        case .home, .health, .stats: return [.get]
        case .ping: return [.get, .head]
        case .queues: return [.get]
        case .queue: return version == .v2 ? [.get, .put, .patch, .delete] : [.get, .put, .delete]
        case .share, .purge, .claims: return [.post]
        case .messages: return [.get, .post, .delete]
        case .message: return [.get, .delete]
        case .claim: return [.get, .patch, .delete]
        case .subscriptions: return [.get, .post]
        case .subscription: return [.get, .patch, .delete]
        case .confirm: return [.put]
        }
    }

    /// The operation of this route and method, for the front door. Health is the admin role's
    /// (Zaqar's policy); ping is public.
    func operation(_ method: HTTPRequest.Method) -> Operation {
        var operation: Operation
        switch (self, method) {
        case (.health, _): operation = Operation(action: .deleteQueue)  // the admin role only
        case (_, .get), (_, .head): operation = Operation(action: .read)
        case (.queue, .delete): operation = Operation(action: .deleteQueue)
        default: operation = Operation(action: .write)
        }
        switch (self, method) {
        case (.ping, _): operation.isPublic = true; operation.rateLimited = false
        case (.home, _), (.health, _): operation.rateLimited = false
        case (_, .get), (_, .head), (_, .delete): break
        default: operation.readsBody = true
        }
        return operation
    }

    /// Every route template of v2 then of v1.1, in the order of `templateIndex(_:)` (metrics and
    /// logs name routes so).
    static let templates: [String] = v2Templates + v2Templates.map { "/v1.1" + $0.dropFirst(3) }

    private static let v2Templates: [String] = [
        "/v2", "/v2/ping", "/v2/health", "/v2/queues", "/v2/queues/{queue_name}", "/v2/queues/{queue_name}/stats",
        "/v2/queues/{queue_name}/share", "/v2/queues/{queue_name}/purge", "/v2/queues/{queue_name}/messages",
        "/v2/queues/{queue_name}/messages/{message_id}", "/v2/queues/{queue_name}/claims",
        "/v2/queues/{queue_name}/claims/{claim_id}", "/v2/queues/{queue_name}/subscriptions",
        "/v2/queues/{queue_name}/subscriptions/{subscription_id}",
        "/v2/queues/{queue_name}/subscriptions/{subscription_id}/confirm",
    ]

    func templateIndex(_ version: APIVersion) -> Int {
        (version == .v2 ? 0 : Self.v2Templates.count) + v2Index
    }

    private var v2Index: Int {
        switch self {
        case .home: return 0
        case .ping: return 1
        case .health: return 2
        case .queues: return 3
        case .queue: return 4
        case .stats: return 5
        case .share: return 6
        case .purge: return 7
        case .messages: return 8
        case .message: return 9
        case .claims: return 10
        case .claim: return 11
        case .subscriptions: return 12
        case .subscription: return 13
        case .confirm: return 14
        }
    }
}
