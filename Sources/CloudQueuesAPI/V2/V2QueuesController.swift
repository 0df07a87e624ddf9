import HTTPTypes
import Hummingbird
import JSONText
import QueueStore

/// `/v2/queues[/{queue_name}[/stats|/purge]]` and the same under `/v1.1` (notes §1.2, §1.7).
/// Queues are lazy: reading a queue that does not exist shows an empty one.
struct V2QueuesController {
    let store: QueueStore
    let limits: Limits

    func list(_ call: V2Call) async throws(APIError) -> Response {
        let limit = try call.limitParameter("limit", default: limits.queuesPerPageDefault, max: limits.queuesPerPageMax)
        let detailed = try call.boolParameter("detailed") ?? false
        let withCount = call.version == .v2 ? try call.boolParameter("with_count") ?? false : false
        let marker = call.stringParameter("marker")
        let queues: [QueueSummary]
        var count: Int?
        do {
            queues = try await store.listQueues(project: call.project, marker: marker, limit: limit, detailed: detailed, on: call.eventLoop)
            if withCount { count = try await store.queueCount(project: call.project, on: call.eventLoop) }
        } catch {
            throw .from(error)
        }
        var json = JSONWriter(capacity: 64 * queues.count + 128)
        json.beginObject()
        json.key("queues")
        json.beginArray()
        for queue in queues {
            json.beginObject()
            json.member("name", string: queue.name)
            json.member("href", string: call.hrefs.queue(queue.name))
            if let metadata = queue.metadata {
                json.key("metadata")
                if call.version == .v2 { QueueAttributes.withDefaults(metadata, limits: limits, into: &json) } else { json.raw(metadata) }
            }
            json.endObject()
        }
        json.endArray()
        json.key("links")
        json.beginArray()
        if let last = queues.last {
            var next = call.hrefs.queues() + "?marker=" + last.name + "&limit=\(limit)"
            if detailed { next += "&detailed=true" }
            if withCount { next += "&with_count=true" }
            json.link(next)
        }
        json.endArray()
        if let count { json.member("count", int: count) }
        json.endObject()
        return .json(json)
    }

    /// PUT: 201 when created (with the body as its metadata), 204 when it existed (unchanged).
    func create(_ call: V2Call) async throws(APIError) -> Response {
        var metadata: String?
        var settings = QueueSettings()
        if APICall.hasBody(call.request) {
            let body = try await readMetadata(call)
            if call.version == .v2 { settings = try QueueAttributes.settings(body.objectMembers().map { ($0.key, $0.value) }, in: body.bytes, limits: limits) }
            metadata = body.text(body.top)
        }
        let created: Bool
        do { created = try await store.createQueue(call.queue, metadata: metadata, settings: settings, on: call.eventLoop) } catch { throw .from(error) }
        return Response(status: created ? .created : .noContent, headers: .location(call.hrefs.queue(call.queue.name)))
    }

    /// GET: the metadata (v2: with the reserved defaults); a missing queue reads as empty.
    func get(_ call: V2Call) async throws(APIError) -> Response {
        let metadata = try await currentMetadata(call) ?? "{}"
        var json = JSONWriter(capacity: metadata.utf8.count + 256)
        if call.version == .v2 { QueueAttributes.withDefaults(metadata, limits: limits, into: &json) } else { json.raw(metadata) }
        return .json(json)
    }

    /// PATCH (v2): JSON-patch of the metadata, applied against the stored text and written only if
    /// that text is unchanged meanwhile (read again and retried otherwise).
    func patch(_ call: V2Call) async throws(APIError) -> Response {
        let type = call.request.headers[.contentType]?.split(separator: ";").first.map { $0.filter { $0 != " " }.lowercased() }
        guard type == QueuePatch.mediaType else { throw .patchMediaType }
        let patch = try QueuePatch(await call.readJSONBody(
            maxBytes: limits.metadataMaxBytes, maxDepth: limits.jsonMaxDepth,
            tooLarge: .invalidRequest("Queue metadata is too large. Max size: \(limits.metadataMaxBytes).")))
        for _ in 0..<10 {
            guard let current = try await currentMetadata(call) else { throw .queueNotFound }
            let updated = try patch.apply(to: current)
            guard updated.utf8.count <= limits.metadataMaxBytes else {
                throw .invalidRequest("Queue metadata is too large. Max size: \(limits.metadataMaxBytes).")
            }
            let bytes = Array(updated.utf8)
            let top: JSONValue
            do { top = try JSONScanner.validate(bytes, maxDepth: limits.jsonMaxDepth) } catch {
                throw .invalidBody("The patched metadata is too deeply nested.")
            }
            let settings = try QueueAttributes.settings(JSONScanner.members(of: top, in: bytes), in: bytes, limits: limits)
            let written: Bool
            do {
                written = try await store.setMetadata(call.queue, updated, settings: settings, expected: current, on: call.eventLoop)
            } catch {
                throw .from(error)
            }
            if written {
                var json = JSONWriter(capacity: bytes.count + 256)
                QueueAttributes.withDefaults(updated, limits: limits, into: &json)
                return .json(json)
            }
        }
        throw .unavailable("The queue's metadata kept changing while it was patched.")
    }

    func delete(_ call: V2Call) async throws(APIError) -> Response {
        do { try await store.deleteQueue(call.queue, on: call.eventLoop) } catch { throw .from(error) }
        return .noContent()
    }

    /// Stats: zeros for a missing queue; `delayed` counts messages not yet due.
    func stats(_ call: V2Call) async throws(APIError) -> Response {
        var stats = QueueStats.empty
        do { stats = try await store.stats(call.queue, on: call.eventLoop) } catch StoreError.queueNotFound {} catch { throw .from(error) }
        var json = JSONWriter()
        json.beginObject()
        json.key("messages")
        json.beginObject()
        json.member("claimed", int: stats.claimed)
        json.member("free", int: stats.free)
        json.member("delayed", int: stats.delayed)
        json.member("total", int: stats.total)
        for (name, endpoint) in [("oldest", stats.oldest), ("newest", stats.newest)] {
            guard let endpoint else { continue }
            json.key(string: name)
            json.beginObject()
            json.member("age", int: endpoint.age)
            json.member("created", string: ISODate.format(milliseconds: endpoint.createdMilliseconds))
            json.member("href", string: call.hrefs.message(call.queue.name, endpoint.id))
            json.endObject()
        }
        json.endObject()
        json.endObject()
        return .json(json)
    }

    /// POST purge (v2): `{"resource_types": [...]}` ⊆ messages, subscriptions; no body = both.
    func purge(_ call: V2Call, subscriptions: V2SubscriptionsController) async throws(APIError) -> Response {
        var types: Set<String> = ["messages", "subscriptions"]
        if APICall.hasBody(call.request) {
            let body = try await call.readJSONObject(maxBytes: 65536, maxDepth: limits.jsonMaxDepth,
                                                     tooLarge: .invalidRequest("The purge body is too large."),
                                                     notObject: .invalidBody("The purge body must be a JSON object."))
            guard let value = body.objectMembers()["resource_types"] else {
                throw .invalidBody("Missing parameter resource_types in body.")
            }
            guard value.kind == .array else { throw .invalidBody("resource_types must be a list.") }
            let names = JSONScanner.elements(of: value, in: body.bytes).map { JSONScanner.string($0, in: body.bytes) }
            guard names.allSatisfy({ $0 == "messages" || $0 == "subscriptions" }) else {
                throw .invalidRequest("Resource types must be a sub set of [\"messages\", \"subscriptions\"].")
            }
            types = Set(names.compactMap { $0 })
        }
        do {
            if types.contains("messages") { try await store.purgeMessages(call.queue, on: call.eventLoop) }
        } catch {
            throw .from(error)
        }
        if types.contains("subscriptions") { try await subscriptions.purge(call) }
        return .noContent()
    }

    private func readMetadata(_ call: V2Call) async throws(APIError) -> JSONBody {
        try await call.readJSONObject(
            maxBytes: limits.metadataMaxBytes, maxDepth: limits.jsonMaxDepth,
            tooLarge: .invalidRequest("Queue metadata is too large. Max size: \(limits.metadataMaxBytes)."),
            notObject: .invalidBody("Document type not supported."))
    }

    /// The stored metadata, nil when the queue does not exist.
    private func currentMetadata(_ call: V2Call) async throws(APIError) -> String? {
        do { return try await store.metadata(call.queue, on: call.eventLoop) } catch StoreError.queueNotFound { return nil } catch { throw .from(error) }
    }
}

extension JSONWriter {
    /// One `{"rel": "next", "href": ...}` entry of a `links` array.
    mutating func link(_ href: String) {
        beginObject()
        member("rel", string: "next")
        member("href", string: href)
        endObject()
    }
}
