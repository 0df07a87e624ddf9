import HTTPTypes
import Hummingbird
import QueueStore

/// Answers every request of the v1 API: matches the route (404), checks the method (405 with
/// `Allow`), applies the checks every request gets (`APICall`), then hands over to the
/// controller of the resource.
public struct APIResponder: HTTPResponder {
    public typealias Context = QueuesRequestContext

    let limits: Limits
    let frontDoor: FrontDoor
    let store: QueueStore
    let health: HealthController
    let queues: QueuesController
    let metadata: MetadataController
    let stats: StatsController
    let messages: MessagesController
    let claims: ClaimsController
    /// The web console under `/console/`; nil when it is turned off (`--console off`).
    let console: ConsoleResponder?
    /// `/v1.1` and `/v2`.
    let v2: V2Responder

    public init(store: QueueStore, limits: Limits, frontDoor: FrontDoor = .open, console: ConsoleFiles? = nil,
                messageChecksums: Bool = false, shareSecret: String? = nil) {
        self.limits = limits
        self.frontDoor = frontDoor
        self.store = store
        health = HealthController(store: store)
        queues = QueuesController(store: store, limits: limits)
        metadata = MetadataController(store: store, limits: limits)
        stats = StatsController(store: store)
        messages = MessagesController(store: store, limits: limits)
        claims = ClaimsController(store: store, limits: limits)
        self.console = console.map { ConsoleResponder(files: $0) }
        v2 = V2Responder(store: store, limits: limits, frontDoor: frontDoor, checksums: messageChecksums, shareSecret: shareSecret)
    }

    /// Every failure becomes the contract's JSON error here (a custom responder gets no help
    /// from Hummingbird's router, which would otherwise render `HTTPResponseError`s).
    public func respond(to request: Request, context: QueuesRequestContext) async throws -> Response {
        let path = request.uri.path
        return try await respond(to: request, context: context, match: Route.match(path: path), v2Match: V2Route.match(path: path))
    }

    /// Same, with the route already matched (by `ObservingResponder`, which names it in metrics).
    func respond(
        to request: Request, context: QueuesRequestContext, match: (route: Route, pathProject: String?)?,
        v2Match: (version: APIVersion, route: V2Route)?
    ) async throws -> Response {
        do {
            let path = request.uri.path
            if path == "/" {
                guard request.method == .get || request.method == .head else { throw APIError.methodNotAllowed([.get, .head]) }
                return VersionsDocument.respond()
            }
            if v2Match != nil || path.hasPrefix("/v2/") || path.hasPrefix("/v1.1/") || path == "/v2" || path == "/v1.1" {
                return try await v2.dispatch(request, context: context, match: v2Match)
            }
            return try await dispatch(request, context: context, match: match)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try APIError(error.status, title: error.status.reasonPhrase, description: "\(error)")
                .response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            return try APIError(.internalServerError, title: "Internal server error", description: "An unexpected error happened.")
                .response(from: request, context: context)
        }
    }

    private func dispatch(_ request: Request, context: QueuesRequestContext, match: (route: Route, pathProject: String?)?) async throws -> Response {
        // The console's own files are public (a browser cannot add a token to a page load); its
        // calls to the API carry the token like any client's.
        if let console, ConsoleResponder.owns(request.uri.path) { return try console.respond(to: request) }
        // Order of the checks: FrontDoor+Checks.swift.
        let identity = try frontDoor.authenticate(request, isPublic: match?.route == .health)
        guard let (route, pathProject) = match else { throw APIError.noRoute }
        guard route.allowedMethods.contains(request.method) else { throw APIError.methodNotAllowed(route.allowedMethods) }
        let operation = route.operation(request.method)
        let project = try frontDoor.authorize(identity, request: request, action: operation.action, pathProject: pathProject)
        let call = try APICall(request: request, route: route, pathProject: project, limits: limits, eventLoop: context.eventLoop,
                              connectionClosed: context.connectionClosed)
        try await frontDoor.admit(operation, request: request, project: call.project, store: store, on: context.eventLoop)
        switch (route, request.method) {
        case (.home, _): return HomeController.respond()
        case (.health, _): return try await health.respond(call)
        case (.queues, _): return try await queues.list(call)
        case (.queue, .put): return try await queues.create(call)
        case (.queue, .delete): return try await queues.delete(call)
        case (.queue, _): return try await queues.exists(call)
        case (.metadata, .put): return try await metadata.put(call)
        case (.metadata, _): return try await metadata.get(call)
        case (.stats, _): return try await stats.get(call)
        case (.messages, .post): return try await messages.post(call)
        case (.messages, .delete): return try await messages.deleteMany(call)
        case (.messages, _): return try await messages.list(call)
        case (.message(_, let id), .delete): return try await messages.delete(call, id: id)
        case (.message(_, let id), _): return try await messages.get(call, id: id)
        case (.claims, _): return try await claims.create(call)
        case (.claim(_, let id), .patch): return try await claims.update(call, id: id)
        case (.claim(_, let id), .delete): return try await claims.delete(call, id: id)
        case (.claim(_, let id), _): return try await claims.get(call, id: id)
        }
    }
}
