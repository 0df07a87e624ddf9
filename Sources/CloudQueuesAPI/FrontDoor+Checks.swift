import Auth
import NIOCore
import HTTPTypes
import Hummingbird
import QueueStore

/// What the front door needs to know about a request's operation, whichever API version it
/// belongs to (`Route.operation`, `V2Route.operation`).
struct Operation {
    /// Answered without a token (`/v1/health`, `/v2/ping`).
    var isPublic = false
    var action: Role.Action
    /// The operation reads a body (and checks its own size limit).
    var readsBody = false
    /// Counted by the rate limit (all but the home documents and health checks).
    var rateLimited = true
}

/// The front door's checks, in the order the responders apply them:
///
/// 1. `authenticate` (401) comes first, before routing: a caller without a valid token learns
///    nothing, not even which paths exist. Only health checks are public (load balancers probe
///    them; they tell only whether Redis answers).
/// 2. Route (404) and method (405), now that the caller is known.
/// 3. `authorize` (403): the role must allow the operation, and a project named in the URL or
///    in `X-Project-Id` must be the token's. The request's project is then the token's.
/// 4. The checks of `APICall` / `V2Call` (400, 406), unchanged.
/// 5. `admit`: the body cap (400), then the rate limit (429). After the 400s, so malformed
///    requests never reach Redis; health and the home documents are not counted.
extension FrontDoor {
    static let tokenHeader = HTTPField.Name("X-Auth-Token")!

    /// The caller's identity; nil when authentication is off or the route is public.
    func authenticate(_ request: Request, isPublic: Bool) throws(APIError) -> Identity? {
        guard let tokens else { return nil }
        if isPublic { return nil }
        guard let token = request.headers[Self.tokenHeader], !token.isEmpty else { throw .unauthorized("No X-Auth-Token header was sent.") }
        guard let identity = tokens.authenticate(token) else { throw .unauthorized("The X-Auth-Token is not valid or has expired.") }
        return identity
    }

    /// The project the request works in: with authentication off, the path's (the header's is
    /// read later by `APICall`); with it on, the token's, after checking that neither the path
    /// nor `X-Project-Id` names another project and that the role allows the operation.
    func authorize(_ identity: Identity?, request: Request, action: Role.Action, pathProject: String?) throws(APIError) -> String? {
        guard let identity else { return pathProject }
        guard identity.role.allows(action) else { throw .roleForbids(identity.role, request.method) }
        if let pathProject, pathProject != identity.project { throw .wrongProject }
        if let header = request.headers[APICall.projectHeader], header != identity.project { throw .wrongProject }
        return identity.project
    }

    /// The body cap and the project's rate limit (429 with `Retry-After`). The cap is checked
    /// here on `Content-Length` only for operations that take no body (400: the contract knows
    /// no 413, §14); those that read one check their own, lower limit before reading, and a chunked
    /// body is cut by `ConnectionGuard` while it arrives.
    func admit(_ operation: Operation, request: Request, project: String?, store: QueueStore, on loop: any EventLoop) async throws(APIError) {
        if !operation.readsBody, let length = request.headers[.contentLength], let n = Int(length), n > maxBodyBytes {
            throw .bodyTooLarge(maxBodyBytes)
        }
        guard let rateLimit, operation.rateLimited else { return }
        let decision: RateDecision
        do {
            decision = try await store.takeRequestToken(
                project: project, rate: rateLimit.requestsPerSecond, burst: rateLimit.burst, on: loop)
        } catch {
            throw .from(error)
        }
        guard decision.allowed else { throw .rateLimited(retryAfterMilliseconds: decision.retryAfterMilliseconds) }
    }
}

extension Route {
    /// The v1 operation of this route and method, for the front door.
    func operation(_ method: HTTPRequest.Method) -> Operation {
        let action: Role.Action
        switch (self, method) {
        case (_, .get), (_, .head): action = .read
        case (.queue, .delete): action = .deleteQueue
        default: action = .write
        }
        var operation = Operation(isPublic: self == .health, action: action)
        switch (self, method) {
        case (.messages, .post), (.metadata, .put), (.claims, .post), (.claim, .patch): operation.readsBody = true
        case (.home, _), (.health, _): operation.rateLimited = false
        default: break
        }
        return operation
    }
}
