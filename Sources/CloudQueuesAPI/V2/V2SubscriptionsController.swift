import HTTPTypes
import Hummingbird
import JSONText
import QueueStore

/// `/v2/queues/{queue_name}/subscriptions[/{subscription_id}[/confirm]]` (notes §1.6): their CRUD.
/// Nothing is delivered to subscribers yet (issue 14).
struct V2SubscriptionsController {
    let store: QueueStore
    let limits: Limits

    static let defaultTTL = 3600
    static let schemes = ["http://", "https://", "mailto:", "trust+http://", "trust+https://"]

    func create(_ call: V2Call) async throws(APIError) -> Response {
        let body = try await readBody(call)
        let fields = body.objectMembers()
        guard let value = fields["subscriber"] else { throw .invalidBody("Missing parameter subscriber in body.") }
        let subscriber = try Self.subscriber(value, in: body)
        var ttl = Self.defaultTTL
        if let value = fields["ttl"] { ttl = try Self.ttl(body.int(value, field: "ttl")) }
        let options = try Self.options(fields["options"], in: body) ?? "{}"
        let queue = call.queue
        let outcome: SubscriptionCreation
        do { outcome = try await store.createSubscription(queue, subscriber: subscriber, ttl: ttl, options: options, on: call.eventLoop) } catch {
            throw .from(error)
        }
        switch outcome {
        case .conflict: throw .conflict("This subscriber is subscribed to the queue already.")
        case .created(let id), .unconfirmedExists(let id):
            var json = JSONWriter()
            json.beginObject()
            json.member("subscription_id", string: id)
            json.endObject()
            return .json(.created, json, headers: .location(call.hrefs.subscriptions(queue.name)))
        }
    }

    func list(_ call: V2Call) async throws(APIError) -> Response {
        let limit = try call.limitParameter("limit", default: 10, max: limits.queuesPerPageMax)
        let marker = call.stringParameter("marker")
        let items: [Subscription]
        do { items = try await store.subscriptions(call.queue, marker: marker, limit: limit, on: call.eventLoop) } catch { throw .from(error) }
        var json = JSONWriter(capacity: 256 * items.count + 64)
        json.beginObject()
        json.key("subscriptions")
        json.beginArray()
        for item in items { json.subscription(item, queue: call.queue.name) }
        json.endArray()
        json.key("links")
        json.beginArray()
        if let last = items.last {
            json.link(call.hrefs.subscriptions(call.queue.name) + "?marker=" + last.id + "&limit=\(limit)")
        }
        json.endArray()
        json.endObject()
        return .json(json)
    }

    func get(_ call: V2Call, id: String) async throws(APIError) -> Response {
        let item: Subscription?
        do { item = try await store.subscription(call.queue, id: id, on: call.eventLoop) } catch { throw .from(error) }
        guard let item else { throw .subscriptionNotFound }
        var json = JSONWriter(capacity: 256)
        json.subscription(item, queue: call.queue.name)
        return .json(json)
    }

    /// PATCH any of `subscriber`, `ttl`, `options`: 204, 404 when missing, 409 for a duplicate.
    func update(_ call: V2Call, id: String) async throws(APIError) -> Response {
        let body = try await readBody(call)
        let fields = body.objectMembers()
        let known: Set<String> = ["subscriber", "ttl", "options"]
        if let unknown = fields.keys.first(where: { !known.contains($0) }) {
            throw .invalidBody("Unknown field \"\(unknown)\": a subscription has subscriber, ttl and options.")
        }
        guard !fields.isEmpty else { throw .invalidBody("Nothing to change: give subscriber, ttl or options.") }
        let subscriber = try fields["subscriber"].map { value throws(APIError) in try Self.subscriber(value, in: body) }
        let ttl = try fields["ttl"].map { value throws(APIError) in try Self.ttl(body.int(value, field: "ttl")) }
        let options = try Self.options(fields["options"], in: body)
        let outcome: SubscriptionUpdate
        do {
            outcome = try await store.updateSubscription(call.queue, id: id, subscriber: subscriber, ttl: ttl, options: options, on: call.eventLoop)
        } catch {
            throw .from(error)
        }
        switch outcome {
        case .missing: throw .subscriptionNotFound
        case .conflict: throw .conflict("Another subscription of this queue has that subscriber.")
        case .updated: return .noContent(.location(call.hrefs.subscription(call.queue.name, id)))
        }
    }

    func delete(_ call: V2Call, id: String) async throws(APIError) -> Response {
        do { try await store.deleteSubscription(call.queue, id: id, on: call.eventLoop) } catch { throw .from(error) }
        return .noContent()
    }

    /// PUT `{"confirmed": bool}` (the api-ref's POST is wrong; Zaqar's code takes PUT).
    func confirm(_ call: V2Call, id: String) async throws(APIError) -> Response {
        let body = try await readBody(call)
        guard let value = body.objectMembers()["confirmed"], value.kind == .bool,
              let confirmed = JSONScanner.bool(value, in: body.bytes)
        else { throw .invalidBody("The body must be {\"confirmed\": true or false}.") }
        let done: Bool
        do { done = try await store.confirmSubscription(call.queue, id: id, confirmed: confirmed, on: call.eventLoop) } catch { throw .from(error) }
        guard done else { throw .subscriptionNotFound }
        return .noContent()
    }

    func purge(_ call: V2Call) async throws(APIError) {
        do { try await store.purgeSubscriptions(call.queue, on: call.eventLoop) } catch { throw .from(error) }
    }

    private func readBody(_ call: V2Call) async throws(APIError) -> JSONBody {
        try await call.readJSONObject(maxBytes: limits.metadataMaxBytes, maxDepth: limits.jsonMaxDepth,
                                      tooLarge: .invalidRequest("The subscription is too large."),
                                      notObject: .invalidBody("The body must be a JSON object."))
    }

    private static func subscriber(_ value: JSONValue, in body: JSONBody) throws(APIError) -> String {
        guard value.kind == .string, let text = JSONScanner.string(value, in: body.bytes), !text.isEmpty else {
            throw .invalidBody("The subscriber must be a string.")
        }
        guard schemes.contains(where: { text.lowercased().hasPrefix($0) }), text.utf8.count <= 2048,
              text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else {
            throw .invalidRequest("The subscriber type of \(text) is not supported: use http, https, mailto, trust+http or trust+https.")
        }
        return text
    }

    private static func ttl(_ value: Int) throws(APIError) -> Int {
        guard value >= 60, value <= Int(Int32.max) else { throw .invalidRequest("The TTL of a subscription must be at least 60 seconds.") }
        return value
    }

    private static func options(_ value: JSONValue?, in body: JSONBody) throws(APIError) -> String? {
        guard let value else { return nil }
        guard value.kind == .object else { throw .invalidBody("Options must be a dict.") }
        return body.text(value)
    }
}

extension APIError {
    static let subscriptionNotFound = notFound("Subscription does not exist.")
}

extension JSONWriter {
    mutating func subscription(_ s: Subscription, queue: String) {
        beginObject()
        member("id", string: s.id)
        member("source", string: queue)
        member("subscriber", string: s.subscriber)
        member("ttl", int: s.ttl)
        member("age", int: s.age)
        member("options", raw: s.options)
        member("confirmed", bool: s.confirmed)
        endObject()
    }
}
