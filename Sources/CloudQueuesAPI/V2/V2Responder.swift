import Auth
import HTTPTypes
import Hummingbird
import QueueStore

/// Answers `/v1.1/...` and `/v2/...`: route (404), method (405 with `Allow`), the front door,
/// the header rules of `V2Call`, then the controller. Errors render as the JSON error of the
/// contract (`title`, `description`), as in v1.
struct V2Responder {
    let limits: Limits
    let frontDoor: FrontDoor
    let store: QueueStore
    let queues: V2QueuesController
    let messages: V2MessagesController
    let claims: V2ClaimsController
    let subscriptions: V2SubscriptionsController
    let share: V2ShareController

    init(store: QueueStore, limits: Limits, frontDoor: FrontDoor, checksums: Bool, shareSecret: String?) {
        self.limits = limits
        self.frontDoor = frontDoor
        self.store = store
        queues = V2QueuesController(store: store, limits: limits)
        messages = V2MessagesController(store: store, limits: limits, checksums: checksums)
        claims = V2ClaimsController(store: store, limits: limits, checksums: checksums)
        subscriptions = V2SubscriptionsController(store: store, limits: limits)
        share = V2ShareController(secret: shareSecret)
    }

    static let rolesHeader = HTTPField.Name("X-Roles")!

    func dispatch(_ request: Request, context: QueuesRequestContext, match: (version: APIVersion, route: V2Route)?) async throws -> Response {
        let operation = match?.route.operation(request.method)
        // A pre-signed URL stands in for a token; a bad one is a 404 whatever the path.
        let signed = V2ShareController.isSigned(request)
        if signed { try share.verify(request) }
        let identity = try frontDoor.authenticate(request, isPublic: signed || (operation?.isPublic ?? false))
        guard let (version, route) = match, let operation else { throw APIError.noRoute }
        let allowed = route.allowedMethods(version)
        guard allowed.contains(request.method) else { throw APIError.methodNotAllowed(allowed) }
        let project = try frontDoor.authorize(identity, request: request, action: operation.action, pathProject: nil)
        let call = try V2Call(request: request, version: version, route: route, projectFromToken: project, limits: limits,
                              eventLoop: context.eventLoop, connectionClosed: context.connectionClosed)
        try await frontDoor.admit(operation, request: request, project: call.project, store: store, on: context.eventLoop)
        switch (route, request.method) {
        case (.home, _): return V2HomeDocument.respond(version)
        case (.ping, _):
            guard await store.ping(on: call.eventLoop) else { throw APIError.unavailable("Redis is not answering.") }
            return .noContent()
        case (.health, _): return try await health(call, identity: identity)
        case (.queues, _): return try await queues.list(call)
        case (.queue, .put): return try await queues.create(call)
        case (.queue, .patch): return try await queues.patch(call)
        case (.queue, .delete): return try await queues.delete(call)
        case (.queue, _): return try await queues.get(call)
        case (.stats, _): return try await queues.stats(call)
        case (.purge, _): return try await queues.purge(call, subscriptions: subscriptions)
        case (.share, _): return try await share.create(call, limits: limits)
        case (.messages, .post): return try await messages.post(call)
        case (.messages, .delete): return try await messages.deleteMany(call)
        case (.messages, _): return try await messages.list(call)
        case (.message(_, let id), .delete): return try await messages.delete(call, id: id)
        case (.message(_, let id), _): return try await messages.get(call, id: id)
        case (.claims, _): return try await claims.create(call)
        case (.claim(_, let id), .patch): return try await claims.update(call, id: id)
        case (.claim(_, let id), .delete): return try await claims.delete(call, id: id)
        case (.claim(_, let id), _): return try await claims.get(call, id: id)
        case (.subscriptions, .post): return try await subscriptions.create(call)
        case (.subscriptions, _): return try await subscriptions.list(call)
        case (.subscription(_, let id), .patch): return try await subscriptions.update(call, id: id)
        case (.subscription(_, let id), .delete): return try await subscriptions.delete(call, id: id)
        case (.subscription(_, let id), _): return try await subscriptions.get(call, id: id)
        case (.confirm(_, let id), _): return try await subscriptions.confirm(call, id: id)
        }
    }

    /// `GET /v2/health`: the admin role's (with `--auth none`, `X-Roles: admin`, as Zaqar's noauth
    /// policy reads it; v1.1 checks no role). 200 with whether Redis answers, 503 when it does not.
    private func health(_ call: V2Call, identity: Identity?) async throws(APIError) -> Response {
        if frontDoor.tokens == nil, call.version == .v2 {  // v1.1 has no policy checks
            let roles = call.request.headers[values: Self.rolesHeader].flatMap { $0.split(separator: ",") }
            guard roles.contains(where: { $0.filter { $0 != " " }.lowercased() == "admin" }) else { throw .adminOnly }
        }
        guard await store.ping(on: call.eventLoop) else { throw .unavailable("Redis is not answering.") }
        var json = JSONWriter()
        json.beginObject()
        json.member("storage_reachable", bool: true)
        json.key("operation_status")
        json.beginObject()
        json.endObject()
        json.endObject()
        return .json(json)
    }
}

extension APIError {
    static let adminOnly = APIError(.forbidden, title: "Forbidden", description: "This resource needs the admin role (X-Roles: admin).")

    static let shareNotEnabled = notFound("Pre-signed URLs are not enabled on this server.")
}
