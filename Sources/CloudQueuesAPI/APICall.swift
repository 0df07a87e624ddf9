import HTTPTypes
import Hummingbird
import NIOCore
import QueueStore

/// What every handler needs to know about a request, after the checks that the contract
/// applies to every request, in Zaqar's order (§6): urlencoded body → Accept → malformed
/// Client-ID → project id → queue name.
struct APICall: RequestCall {
    let request: Request
    let route: Route
    /// The project: the path's if given, else `X-Project-Id`, else nil (the global namespace).
    let project: String?
    /// The canonical Client-ID, if the request sent one.
    let clientID: String?
    let query: Parameters
    let eventLoop: any EventLoop
    let connectionClosed: EventLoopFuture<Void>

    static let clientIDHeader = HTTPField.Name("Client-ID")!
    static let projectHeader = HTTPField.Name("X-Project-Id")!

    init(request: Request, route: Route, pathProject: String?, limits: Limits, eventLoop: any EventLoop,
         connectionClosed: EventLoopFuture<Void>) throws(APIError) {
        self.request = request
        self.route = route
        self.eventLoop = eventLoop
        self.connectionClosed = connectionClosed
        self.query = request.uri.queryParameters

        if let type = request.headers[.contentType]?.lowercased(), type.hasPrefix("application/x-www-form-urlencoded"),
           Self.hasBody(request) {
            throw .urlencodedBody
        }
        if let accept = request.headers[values: .accept].joined(separator: ",") as String?, !accept.isEmpty,
           !Self.acceptsJSON(accept) {
            throw .notAcceptable
        }
        if let raw = request.headers[Self.clientIDHeader] {
            guard let canonical = ClientID.canonical(raw) else { throw .badClientID }
            clientID = canonical
        } else {
            clientID = nil
        }
        if let pathProject {
            guard pathProject.count <= limits.projectIDMaxLength else {
                throw .badQueueIdentification("The project id may not exceed \(limits.projectIDMaxLength) characters.")
            }
            project = pathProject
        } else if let header = request.headers[Self.projectHeader] {
            guard !header.isEmpty else { throw .emptyProject }
            guard header.count <= limits.projectIDMaxLength else {
                throw .badQueueIdentification("X-Project-Id may not exceed \(limits.projectIDMaxLength) characters.")
            }
            project = header
        } else {
            project = nil
        }
        if let name = route.queueName, !Self.isValidQueueName(name, limits: limits) {
            throw .badQueueIdentification(
                "Queue names may not be more than \(limits.queueNameMaxLength) characters long and may only contain ASCII letters, digits, underscores and dashes.")
        }
    }

    /// The queue the route names, in this request's project.
    var queue: QueueRef { QueueRef(project: project, name: route.queueName ?? "") }

    /// The Client-ID, or the contract's 400 when it is missing.
    func requireClientID() throws(APIError) -> String {
        guard let clientID else { throw .missingClientID }
        return clientID
    }

    /// The request path and query as sent (for `Content-Location`).
    var requestURI: String {
        if let q = request.uri.query, !q.isEmpty { return request.uri.path + "?" + q }
        return request.uri.path
    }

    /// `allowsDot` overrides the profile's `queueNameAllowsDot` (v1.1 and v2 always allow dots).
    static func isValidQueueName(_ name: String, limits: Limits, allowsDot: Bool? = nil) -> Bool {
        let bytes = name.utf8
        let dot = allowsDot ?? limits.queueNameAllowsDot
        guard !bytes.isEmpty, bytes.count <= limits.queueNameMaxLength else { return false }
        return bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || (dot && b == UInt8(ascii: "."))
        }
    }

    /// Whether an `Accept` header admits JSON (or the JSON-Home document).
    static func acceptsJSON(_ accept: String) -> Bool {
        for range in accept.split(separator: ",") {
            let type = trimmed(range.split(separator: ";", omittingEmptySubsequences: false).first ?? "").lowercased()
            if ["*/*", "application/*", "application/json", "application/json-home", ""].contains(type)
                || type.hasSuffix("+json") {
                return true
            }
        }
        return false
    }

    static func hasBody(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength], let n = Int(length) { return n > 0 }
        return request.headers[.transferEncoding] != nil
    }
}

/// `s` without surrounding spaces and tabs.
private func trimmed(_ s: Substring) -> Substring {
    var s = s
    while s.first == " " || s.first == "\t" { s.removeFirst() }
    while s.last == " " || s.last == "\t" { s.removeLast() }
    return s
}
