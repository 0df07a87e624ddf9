import Auth
import HTTPTypes
import Hummingbird
import QueueStore

/// The front door's checks, in the order `APIResponder` applies them:
///
/// 1. `authenticate` (401) comes first, before routing: a caller without a valid token learns
///    nothing, not even which paths exist. Only `/v1/health` is public (load balancers probe
///    it; it tells only whether Redis answers).
/// 2. Route (404) and method (405), now that the caller is known.
/// 3. `authorize` (403): the role must allow the operation, and a project named in the URL or
///    in `X-Project-Id` must be the token's. The request's project is then the token's.
/// 4. The checks of `APICall` (400, 406), unchanged.
/// 5. `admit`: the body cap (400), then the rate limit (429). After the 400s, so malformed
///    requests never reach Redis; health and the home document are not counted.
extension FrontDoor {
    static let tokenHeader = HTTPField.Name("X-Auth-Token")!

    /// The caller's identity; nil when authentication is off or the route is public.
    func authenticate(_ request: Request, route: Route?) throws(APIError) -> Identity? {
        guard let tokens else { return nil }
        if route == .health { return nil }
        guard let token = request.headers[Self.tokenHeader], !token.isEmpty else { throw .unauthorized("No X-Auth-Token header was sent.") }
        guard let identity = tokens.authenticate(token) else { throw .unauthorized("The X-Auth-Token is not valid or has expired.") }
        return identity
    }

    /// The project the request works in: with authentication off, the path's (the header's is
    /// read later by `APICall`); with it on, the token's, after checking that neither the path
    /// nor `X-Project-Id` names another project and that the role allows the operation.
    func authorize(_ identity: Identity?, request: Request, route: Route, pathProject: String?) throws(APIError) -> String? {
        guard let identity else { return pathProject }
        let action: Role.Action
        switch (route, request.method) {
        case (_, .get), (_, .head): action = .read
        case (.queue, .delete): action = .deleteQueue
        default: action = .write
        }
        guard identity.role.allows(action) else { throw .roleForbids(identity.role, request.method) }
        if let pathProject, pathProject != identity.project { throw .wrongProject }
        if let header = request.headers[APICall.projectHeader], header != identity.project { throw .wrongProject }
        return identity.project
    }

    /// The body cap and the project's rate limit (429 with `Retry-After`). The cap is checked
    /// here on `Content-Length` only for operations that take no body (400: the contract knows
    /// no 413, §14); those that read one check their own, lower limit before reading, and a chunked
    /// body is cut by `ConnectionGuard` while it arrives.
    func admit(_ call: APICall, store: QueueStore) async throws(APIError) {
        if !Self.readsBody(call), let length = call.request.headers[.contentLength], let n = Int(length), n > maxBodyBytes {
            throw .bodyTooLarge(maxBodyBytes)
        }
        guard let rateLimit else { return }
        switch call.route {
        case .home, .health: return
        default: break
        }
        let decision: RateDecision
        do {
            decision = try await store.takeRequestToken(
                project: call.project, rate: rateLimit.requestsPerSecond, burst: rateLimit.burst, on: call.eventLoop)
        } catch {
            throw .from(error)
        }
        guard decision.allowed else { throw .rateLimited(retryAfterMilliseconds: decision.retryAfterMilliseconds) }
    }

    private static func readsBody(_ call: APICall) -> Bool {
        switch (call.route, call.request.method) {
        case (.messages, .post), (.metadata, .put), (.claims, .post), (.claim, .patch): return true
        default: return false
        }
    }
}
