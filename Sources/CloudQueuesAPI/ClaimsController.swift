import HTTPTypes
import Hummingbird
import JSONText
import QueueStore

/// `/v1/queues/{queue_name}/claims[/{claim_id}]` (contract §6.16–6.19).
struct ClaimsController {
    let store: QueueStore
    let limits: Limits

    func create(_ call: APICall) async throws(APIError) -> Response {
        let queryLimit = try call.intParameter("limit", default: 0, range: 1...limits.claimLimitMax)
        let wait = try call.waitDeadline(max: limits.waitMax)
        let body = try await readBody(call)
        guard body.top.kind == .object else { throw .invalidBody("The claim must be a JSON object with \"ttl\" and \"grace\".") }
        let fields = body.objectMembers()
        let ttl = try claimTTL(body, fields)
        let grace = try body.int(fields["grace"], field: "grace")
        guard limits.claimGrace.contains(grace) else {
            throw .invalidRequest("The grace for a claim may not exceed \(limits.claimGrace.upperBound) seconds, and must be at least \(limits.claimGrace.lowerBound) seconds long.")
        }
        var limit = queryLimit == 0 ? limits.claimLimitDefault : queryLimit
        // python-marconiclient sends the limit inside the body (`"limit": null` when its caller
        // gives none); the query wins when both are given. Only an integer counts: anything else
        // is an unknown member's value, ignored like any extra member (contract §6.16).
        if queryLimit == 0, let n = body.optionalInt(fields["limit"]) {
            guard (1...limits.claimLimitMax).contains(n) else {
                throw .invalidRequest("Limit must be at least 1 and may not be greater than \(limits.claimLimitMax).")
            }
            limit = n
        }
        let queue = call.queue
        let claim: Claim?
        do {
            claim = try await store.claim(queue, ttl: ttl, grace: grace, limit: limit, waitingUntil: wait, call: call)
        } catch {
            throw .from(error)
        }
        guard let claim else { return .noContent() }
        var json = JSONWriter(capacity: 512 * claim.messages.count)
        json.beginArray()
        for message in claim.messages {
            json.message(message, href: Hrefs.message(queue.name, message.id, claim: claim.id))
        }
        json.endArray()
        let (store, loop) = (store, call.eventLoop)
        return .claimed(.created, json, headers: .location(Hrefs.claim(queue.name, claim.id)), waited: wait != nil) {
            try? await store.deleteClaim(queue, id: claim.id, on: loop)
        }
    }

    func get(_ call: APICall, id: String) async throws(APIError) -> Response {
        let notFound = APIError.notFound("Claim does not exist or has expired.")
        guard RandomID.isWellFormed(id) else { throw notFound }
        let queue = call.queue
        let claim: Claim?
        do { claim = try await store.claim(queue, id: id, on: call.eventLoop) } catch { throw .from(error, notFound: notFound) }
        guard let claim else { throw notFound }
        var json = JSONWriter(capacity: 512 * claim.messages.count + 128)
        json.beginObject()
        json.member("age", int: claim.age)
        json.member("ttl", int: claim.ttl)
        json.member("href", string: Hrefs.claim(queue.name, id))
        json.key("messages")
        json.beginArray()
        for message in claim.messages {
            json.message(message, href: Hrefs.message(queue.name, message.id, claim: id))
        }
        json.endArray()
        json.endObject()
        return .json(json, headers: .contentLocation(call.requestURI))
    }

    /// Renews a claim; the body is validated before existence is checked (contract §6.18).
    func update(_ call: APICall, id: String) async throws(APIError) -> Response {
        let body = try await readBody(call)
        guard body.top.kind == .object else { throw .invalidBody("The claim update must be a JSON object with \"ttl\".") }
        let fields = body.objectMembers()
        let ttl = try claimTTL(body, fields)
        var grace = 0
        if let value = fields["grace"] {
            grace = try body.int(value, field: "grace")
            guard limits.claimGrace.contains(grace) else {
                throw .invalidRequest("The grace for a claim may not exceed \(limits.claimGrace.upperBound) seconds, and must be at least \(limits.claimGrace.lowerBound) seconds long.")
            }
        }
        let notFound = APIError.notFound("Claim does not exist or has expired.")
        guard RandomID.isWellFormed(id) else { throw notFound }
        let updated: Bool
        do {
            updated = try await store.updateClaim(call.queue, id: id, ttl: ttl, grace: grace, on: call.eventLoop)
        } catch {
            throw .from(error, notFound: notFound)
        }
        guard updated else { throw notFound }
        return .noContent()
    }

    func delete(_ call: APICall, id: String) async throws(APIError) -> Response {
        guard RandomID.isWellFormed(id) else { return .noContent() }
        do { try await store.deleteClaim(call.queue, id: id, on: call.eventLoop) } catch { throw .from(error) }
        return .noContent()
    }

    private func readBody(_ call: APICall) async throws(APIError) -> JSONBody {
        try await call.readJSONBody(
            maxBytes: limits.postBodyMaxBytes, maxDepth: limits.jsonMaxDepth,
            tooLarge: .invalidRequest("The claim body is too large."))
    }

    private func claimTTL(_ body: JSONBody, _ fields: [String: JSONValue]) throws(APIError) -> Int {
        let ttl = try body.int(fields["ttl"], field: "ttl")
        guard limits.claimTTL.contains(ttl) else {
            throw .invalidRequest("The TTL for a claim may not exceed \(limits.claimTTL.upperBound) seconds, and must be at least \(limits.claimTTL.lowerBound) seconds long.")
        }
        return ttl
    }
}
