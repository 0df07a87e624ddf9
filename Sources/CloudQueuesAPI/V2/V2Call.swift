import HTTPTypes
import Hummingbird
import NIOCore
import QueueStore

/// What every v1.1/v2 handler needs to know about a request, after the header rules those
/// versions apply to every request (notes §1.1): urlencoded body → Accept → Client-ID (required,
/// a UUID) → X-Project-ID (required, not empty, bounded) → queue name.
struct V2Call: RequestCall {
    let request: Request
    let version: APIVersion
    let route: V2Route
    let project: String
    let clientID: String
    let query: Parameters
    let eventLoop: any EventLoop
    let connectionClosed: EventLoopFuture<Void>

    /// `projectFromToken`: with `--auth tokens`, the token's project, which the header may omit.
    init(request: Request, version: APIVersion, route: V2Route, projectFromToken: String?, limits: Limits,
         eventLoop: any EventLoop, connectionClosed: EventLoopFuture<Void>) throws(APIError) {
        self.request = request
        self.version = version
        self.route = route
        self.eventLoop = eventLoop
        self.connectionClosed = connectionClosed
        self.query = request.uri.queryParameters

        if let type = request.headers[.contentType]?.lowercased(), type.hasPrefix("application/x-www-form-urlencoded"),
           APICall.hasBody(request) {
            throw .urlencodedBody
        }
        let accept = request.headers[values: .accept].joined(separator: ",")
        if !accept.isEmpty, !APICall.acceptsJSON(accept) { throw .notAcceptable }
        guard let raw = request.headers[APICall.clientIDHeader] else { throw .v2MissingClientID }
        guard let canonical = ClientID.canonical(raw) else { throw .badClientID }
        clientID = canonical
        if let header = request.headers[APICall.projectHeader] {
            guard !header.isEmpty else { throw .emptyProject }
            guard header.count <= limits.projectIDMaxLength else {
                throw .badQueueIdentification("X-Project-ID may not exceed \(limits.projectIDMaxLength) characters.")
            }
            project = header
        } else if let projectFromToken {
            project = projectFromToken
        } else {
            throw .projectMissing
        }
        if let name = route.queueName, !Self.isValidQueueName(name, limits: limits) {
            throw .badQueueIdentification(
                "Queue names may not be more than \(limits.queueNameMaxLength) characters long and may only contain ASCII letters, digits, underscores, dashes and dots.")
        }
    }

    /// Zaqar's v1.1/v2 names also admit dots (`^[a-zA-Z0-9_\-.]+$`).
    static func isValidQueueName(_ name: String, limits: Limits) -> Bool {
        APICall.isValidQueueName(name, limits: limits, allowsDot: true)
    }

    /// The queue the route names, in this request's project.
    var queue: QueueRef { QueueRef(project: project, name: route.queueName ?? "") }

    /// Canonical hrefs of this version.
    var hrefs: V2Hrefs { V2Hrefs(version: version) }

    /// The request path and query as sent (for `Content-Location`).
    var requestURI: String {
        if let q = request.uri.query, !q.isEmpty { return request.uri.path + "?" + q }
        return request.uri.path
    }

    /// A `limit`-like integer parameter with Zaqar's v1.1/v2 wording of the 400.
    func limitParameter(_ name: Substring, default value: Int, max: Int) throws(APIError) -> Int {
        guard let raw = query[name], !raw.isEmpty else { return value }
        guard let n = Int(raw), (1...max).contains(n) else {
            throw .invalidParameter(String(name), "\(name.prefix(1).uppercased() + name.dropFirst()) must be at least 1 and no greater than \(max).")
        }
        return n
    }
}

/// `/v2/queues/...` (or `/v1.1/...`) hrefs; names and ids need no escaping.
struct V2Hrefs {
    let version: APIVersion

    func queues() -> String { version.prefix + "/queues" }
    func queue(_ q: String) -> String { version.prefix + "/queues/" + q }
    func messages(_ q: String) -> String { queue(q) + "/messages" }
    func message(_ q: String, _ id: String) -> String { queue(q) + "/messages/" + id }
    func message(_ q: String, _ id: String, claim: String) -> String { message(q, id) + "?claim_id=" + claim }
    func claim(_ q: String, _ id: String) -> String { queue(q) + "/claims/" + id }
    func subscriptions(_ q: String) -> String { queue(q) + "/subscriptions" }
    func subscription(_ q: String, _ id: String) -> String { subscriptions(q) + "/" + id }
}

extension APIError {
    /// v1.1/v2 wording (Zaqar's `require_client_id`).
    static let v2MissingClientID = APIError(.badRequest, title: "Missing header value",
                                            description: "The \"Client-ID\" header is required.")

    static let projectMissing = APIError(.badRequest, title: "Project-Id Missing",
                                         description: "The header X-PROJECT-ID was missing")
}
