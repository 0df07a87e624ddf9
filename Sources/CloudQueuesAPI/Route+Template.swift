/// Route templates: the name of a route in logs, metrics and the OpenAPI document
/// (`openapi/openapi.yaml` lists exactly these paths; a test checks it).
extension Route {
    /// Every route template, in the order of `templateIndex`.
    public static let templates: [String] = [
        "/v1",
        "/v1/health",
        "/v1/queues",
        "/v1/queues/{queue_name}",
        "/v1/queues/{queue_name}/metadata",
        "/v1/queues/{queue_name}/stats",
        "/v1/queues/{queue_name}/messages",
        "/v1/queues/{queue_name}/messages/{message_id}",
        "/v1/queues/{queue_name}/claims",
        "/v1/queues/{queue_name}/claims/{claim_id}",
    ]

    /// This route's position in `templates` (a small integer for caches keyed by route).
    var templateIndex: Int {
        switch self {
        case .home: return 0
        case .health: return 1
        case .queues: return 2
        case .queue: return 3
        case .metadata: return 4
        case .stats: return 5
        case .messages: return 6
        case .message: return 7
        case .claims: return 8
        case .claim: return 9
        }
    }

    /// The route's path template in the `/v1/queues/...` form; the `/v1/{project_id}/...` form
    /// of a request is named by the same template (the project is a label of its own).
    public var template: String { Self.templates[templateIndex] }
}
