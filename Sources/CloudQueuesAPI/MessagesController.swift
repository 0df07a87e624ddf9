import HTTPTypes
import Hummingbird
import JSONText
import QueueStore

/// `/v1/queues/{queue_name}/messages[...]` (contract §6.10–6.15).
struct MessagesController {
    let store: QueueStore
    let limits: Limits

    func post(_ call: APICall) async throws(APIError) -> Response {
        let clientID = try call.requireClientID()
        let body = try await call.readJSONBody(
            maxBytes: limits.postBodyMaxBytes, maxDepth: limits.jsonMaxDepth,
            tooLarge: .invalidRequest("Message collection size is too large. Max size: \(limits.postBodyMaxBytes)."))
        guard body.top.kind == .array else { throw .invalidBody("Messages must be sent as a JSON array.") }
        let elements = JSONScanner.elements(of: body.top, in: body.bytes)
        guard !elements.isEmpty else { throw .invalidBody("No messages were found in the request body.") }
        if let max = limits.messagesPerPostMax, elements.count > max {
            throw .invalidRequest("No more than \(max) messages may be posted at once.")
        }
        var messages: [NewMessage] = []
        messages.reserveCapacity(elements.count)
        for element in elements {
            guard element.kind == .object else { throw .invalidBody("Each message must be a JSON object with \"ttl\" and \"body\".") }
            let fields = body.members(of: element)
            let ttl = try body.int(fields["ttl"], field: "ttl")
            guard limits.messageTTL.contains(ttl) else {
                throw .invalidRequest("The TTL for a message may not exceed \(limits.messageTTL.upperBound) seconds, and must be at least \(limits.messageTTL.lowerBound) seconds long.")
            }
            guard let content = fields["body"] else { throw .invalidBody("Missing \"body\" field.") }
            messages.append(NewMessage(ttl: ttl, body: body.text(content)))
        }
        let queue = call.queue
        let ids: [String]
        do { ids = try await store.postMessages(queue, clientID: clientID, messages, on: call.eventLoop) } catch { throw .from(error) }
        var json = JSONWriter(capacity: 64 * ids.count + 64)
        json.beginObject()
        json.member("partial", bool: false)
        json.key("resources")
        json.beginArray()
        for id in ids { json.string(Hrefs.message(queue.name, id)) }
        json.endArray()
        json.endObject()
        return .json(.created, json, headers: .location(Hrefs.messages(queue.name) + "?ids=" + ids.joined(separator: ",")))
    }

    /// GET on the collection: get-by-ids when `ids` is present, else a listing page.
    func list(_ call: APICall) async throws(APIError) -> Response {
        if let ids = call.listParameter("ids") { return try await getMany(call, ids: ids) }
        let clientID = try call.requireClientID()
        let limit = try call.intParameter("limit", default: limits.messagesPerPageDefault, range: 1...limits.messagesPerPageMax)
        let echo = try call.boolParameter("echo")
        let includeClaimed = try call.boolParameter("include_claimed")
        let wait = try call.waitDeadline(max: limits.waitMax)
        var marker = "0"
        if let raw = call.stringParameter("marker") {
            // Markers are sequence numbers; anything else has nothing after it (contract §4).
            guard raw.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), Int64(raw) != nil else { return .noContent() }
            marker = raw
        }
        let queue = call.queue
        let page: MessagePage?
        do {
            let query = MessageQuery(
                marker: marker, limit: limit, clientID: clientID, echo: echo ?? false, includeClaimed: includeClaimed ?? false)
            page = try await store.listMessages(queue, query, waitingUntil: wait, call: call)
        } catch {
            throw .from(error)
        }
        guard let page else { return .noContent() }
        var json = JSONWriter(capacity: 512 * page.messages.count)
        json.beginObject()
        json.key("messages")
        json.beginArray()
        for message in page.messages { json.message(message, href: Hrefs.message(queue.name, message.id)) }
        json.endArray()
        var next = Hrefs.messages(queue.name) + "?"
        if call.stringParameter("limit") != nil { next += "limit=\(limit)&" }
        if let echo { next += "echo=\(echo)&" }
        if let includeClaimed { next += "include_claimed=\(includeClaimed)&" }
        next += "marker=" + page.marker
        json.nextLink(next)
        json.endObject()
        return .json(json, headers: .contentLocation(call.requestURI))
    }

    private func getMany(_ call: APICall, ids: [String]) async throws(APIError) -> Response {
        try checkCount(ids)
        let wellFormed = ids.filter { RandomID.isWellFormed($0) }
        guard !wellFormed.isEmpty else { return .noContent() }
        let messages: [Message]
        do { messages = try await store.messages(call.queue, ids: wellFormed, on: call.eventLoop) } catch { throw .from(error) }
        guard !messages.isEmpty else { return .noContent() }
        var json = JSONWriter(capacity: 512 * messages.count)
        json.beginArray()
        for message in messages { json.message(message, href: Hrefs.message(call.queue.name, message.id)) }
        json.endArray()
        return .json(json, headers: .contentLocation(call.requestURI))
    }

    /// DELETE on the collection: bulk delete by ids, regardless of claims (contract §6.13).
    func deleteMany(_ call: APICall) async throws(APIError) -> Response {
        guard let ids = call.listParameter("ids") else { throw .missingParameter("ids") }
        try checkCount(ids)
        let wellFormed = ids.filter { RandomID.isWellFormed($0) }
        if !wellFormed.isEmpty {
            do { try await store.deleteMessages(call.queue, ids: wellFormed, on: call.eventLoop) } catch { throw .from(error) }
        }
        return .noContent()
    }

    func get(_ call: APICall, id: String) async throws(APIError) -> Response {
        let notFound = APIError.notFound("Message does not exist.")
        guard RandomID.isWellFormed(id) else { throw notFound }
        let message: Message?
        do { message = try await store.message(call.queue, id: id, on: call.eventLoop) } catch { throw .from(error, notFound: notFound) }
        guard let message else { throw notFound }
        var json = JSONWriter(capacity: message.body.utf8.count + 128)
        json.message(message, href: Hrefs.message(call.queue.name, id))
        return .json(json, headers: .contentLocation(call.requestURI))
    }

    /// Deletes one message under the claim rules of contract §6.15 (REC column).
    func delete(_ call: APICall, id: String) async throws(APIError) -> Response {
        guard RandomID.isWellFormed(id) else { return .noContent() }
        let claimID = call.stringParameter("claim_id")
        do { try await store.deleteMessage(call.queue, id: id, claimID: claimID, on: call.eventLoop) } catch { throw .from(error) }
        return .noContent()
    }

    private func checkCount(_ ids: [String]) throws(APIError) {
        guard ids.count <= limits.messagesPerPageMax else {
            throw .invalidParameter("ids", "No more than \(limits.messagesPerPageMax) ids may be given.")
        }
    }
}
