import HTTPTypes
import Hummingbird
import JSONText
import QueueStore

/// `/v2/queues/{queue_name}/claims[/{claim_id}]` and the same under `/v1.1` (notes §1.4): the body
/// is optional (ttl 300 and grace 60 by default); the limit is a query parameter only.
struct V2ClaimsController {
    let store: QueueStore
    let limits: Limits
    let checksums: Bool

    static let defaultTTL = 300
    static let defaultGrace = 60

    func create(_ call: V2Call) async throws(APIError) -> Response {
        let limit = try call.limitParameter("limit", default: limits.claimLimitDefault, max: limits.claimLimitMax)
        let wait = try call.waitDeadline(max: limits.waitMax)
        var ttl = Self.defaultTTL, grace = Self.defaultGrace
        if APICall.hasBody(call.request) {
            let body = try await readBody(call)
            let fields = body.objectMembers()
            if let value = fields["ttl"] { ttl = try checked(body.int(value, field: "ttl"), limits.claimTTL, "TTL") }
            if let value = fields["grace"] { grace = try checked(body.int(value, field: "grace"), limits.claimGrace, "grace") }
        }
        let queue = call.queue
        let claim: Claim?
        do {
            claim = try await store.claim(queue, ttl: ttl, grace: grace, limit: limit, waitingUntil: wait, call: call)
        } catch {
            throw .from(error)
        }
        guard let claim else { return .noContent() }
        var json = JSONWriter(capacity: 512 * claim.messages.count + 32)
        json.beginObject()
        json.key("messages")
        writeMessages(claim, call: call, into: &json)
        json.endObject()
        let (store, loop) = (store, call.eventLoop)
        return .claimed(.created, json, headers: .location(call.hrefs.claim(queue.name, claim.id)), waited: wait != nil) {
            try? await store.deleteClaim(queue, id: claim.id, on: loop)
        }
    }

    func get(_ call: V2Call, id: String) async throws(APIError) -> Response {
        let notFound = APIError.notFound("Claim does not exist or has expired.")
        guard RandomID.isWellFormed(id) else { throw notFound }
        let claim: Claim?
        do { claim = try await store.claim(call.queue, id: id, on: call.eventLoop) } catch { throw .from(error, notFound: notFound) }
        guard let claim else { throw notFound }
        var json = JSONWriter(capacity: 512 * claim.messages.count + 128)
        json.beginObject()
        json.member("age", int: claim.age)
        json.member("ttl", int: claim.ttl)
        json.key("messages")
        writeMessages(claim, call: call, into: &json)
        json.member("href", string: call.hrefs.claim(call.queue.name, id))
        json.endObject()
        return .json(json)
    }

    /// PATCH `{"ttl"[, "grace"]}`: renews a live claim (204), 404 when it is gone.
    func update(_ call: V2Call, id: String) async throws(APIError) -> Response {
        let body = try await readBody(call)
        let fields = body.objectMembers()
        let ttl = try checked(body.int(fields["ttl"], field: "ttl"), limits.claimTTL, "TTL")
        var grace = 0
        if let value = fields["grace"] { grace = try checked(body.int(value, field: "grace"), limits.claimGrace, "grace") }
        let notFound = APIError.notFound("Claim does not exist or has expired.")
        guard RandomID.isWellFormed(id) else { throw notFound }
        let updated: Bool
        do { updated = try await store.updateClaim(call.queue, id: id, ttl: ttl, grace: grace, on: call.eventLoop) } catch {
            throw .from(error, notFound: notFound)
        }
        guard updated else { throw notFound }
        return .noContent()
    }

    func delete(_ call: V2Call, id: String) async throws(APIError) -> Response {
        guard RandomID.isWellFormed(id) else { return .noContent() }
        do { try await store.deleteClaim(call.queue, id: id, on: call.eventLoop) } catch { throw .from(error) }
        return .noContent()
    }

    private func writeMessages(_ claim: Claim, call: V2Call, into json: inout JSONWriter) {
        json.beginArray()
        for var message in claim.messages {
            message.claimID = claim.id
            json.v2Message(message, call: call, checksums: checksums)
        }
        json.endArray()
    }

    private func readBody(_ call: V2Call) async throws(APIError) -> JSONBody {
        try await call.readJSONObject(
            maxBytes: limits.postBodyMaxBytes, maxDepth: limits.jsonMaxDepth,
            tooLarge: .invalidRequest("The claim body is too large."),
            notObject: .invalidBody("The claim body must be a JSON object."))
    }

    private func checked(_ value: Int, _ range: ClosedRange<Int>, _ name: String) throws(APIError) -> Int {
        guard range.contains(value) else {
            throw .invalidRequest("The \(name) for a claim may not exceed \(range.upperBound) seconds, and must be at least \(range.lowerBound) seconds long.")
        }
        return value
    }
}
