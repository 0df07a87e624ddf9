import HTTPTypes
import Hummingbird
import JSONText
import QueueStore

/// `/v2/queues/{queue_name}/messages[/{message_id}]` and the same under `/v1.1` (notes §1.3).
struct V2MessagesController {
    let store: QueueStore
    let limits: Limits
    /// `--message-checksums`: v2 message objects carry Zaqar's `checksum`.
    let checksums: Bool

    /// POST `{"messages": [{"ttl"?, "delay"?, "body"}]}`; creates the queue if it is missing.
    func post(_ call: V2Call) async throws(APIError) -> Response {
        let body = try await call.readJSONBody(
            maxBytes: limits.postBodyMaxBytes, maxDepth: limits.jsonMaxDepth,
            tooLarge: .invalidRequest("Message collection size is too large. Max size: \(limits.postBodyMaxBytes)."))
        guard body.top.kind == .object, let list = body.objectMembers()["messages"] else {
            throw .invalidBody("No messages were found in the request body.")
        }
        guard list.kind == .array else { throw .invalidBody("\"messages\" must be a JSON array.") }
        let elements = JSONScanner.elements(of: list, in: body.bytes)
        guard !elements.isEmpty else { throw .invalidBody("No messages to enqueue.") }
        if let max = limits.messagesPerPostMax, elements.count > max {
            throw .invalidRequest("No more than \(max) messages may be posted at once.")
        }
        var messages: [NewMessage] = []
        messages.reserveCapacity(elements.count)
        for element in elements {
            guard element.kind == .object else { throw .invalidBody("Each message must be a JSON object with a \"body\".") }
            let fields = body.members(of: element)
            // 0 = the queue's `_default_message_ttl` (v2), else 3600 (Zaqar's default_message_ttl).
            var ttl = call.version == .v2 ? 0 : 3600
            if let value = fields["ttl"] {
                ttl = try body.int(value, field: "ttl")
                guard limits.messageTTL.contains(ttl) else {
                    throw .invalidRequest("The TTL for a message may not exceed \(limits.messageTTL.upperBound) seconds, and must be at least \(limits.messageTTL.lowerBound) seconds long.")
                }
            }
            // nil = the queue's `_default_message_delay` (v2); v1.1 has no delays.
            var delay: Int? = call.version == .v2 ? nil : 0
            if call.version == .v2, let value = fields["delay"] {
                let n = try body.int(value, field: "delay")
                guard (0...QueueAttributes.maxDelay).contains(n) else {
                    throw .invalidRequest("The delay for a message may not exceed \(QueueAttributes.maxDelay) seconds, and must be at least 0 seconds long.")
                }
                delay = n
            }
            guard let content = fields["body"] else { throw .invalidBody("Missing \"body\" field.") }
            messages.append(NewMessage(ttl: ttl, body: body.text(content), delay: delay))
        }
        let queue = call.queue
        let ids: [String]
        do {
            ids = try await store.postMessages(queue, clientID: call.clientID, messages, createQueue: true,
                                               bodyBytes: call.version == .v2 ? body.bytes.count : 0, on: call.eventLoop)
        } catch StoreError.postTooLarge(let max) {
            throw .invalidRequest("Message collection size is too large. The max size for this queue is \(max).")
        } catch {
            throw .from(error)
        }
        var json = JSONWriter(capacity: 64 * ids.count + 32)
        json.beginObject()
        json.key("resources")
        json.beginArray()
        for id in ids { json.string(call.hrefs.message(queue.name, id)) }
        json.endArray()
        json.endObject()
        return .json(.created, json, headers: .location(call.hrefs.messages(queue.name) + "?ids=" + ids.joined(separator: ",")))
    }

    /// GET on the collection: get-by-ids when `ids` is present, else a page (200 even when empty).
    func list(_ call: V2Call) async throws(APIError) -> Response {
        if let ids = call.listParameter("ids") { return try await getMany(call, ids: ids) }
        let limit = try call.limitParameter("limit", default: limits.messagesPerPageDefault, max: limits.messagesPerPageMax)
        let echo = try call.boolParameter("echo") ?? false
        let includeClaimed = try call.boolParameter("include_claimed") ?? false
        let includeDelayed = call.version == .v2 ? try call.boolParameter("include_delayed") ?? false : false
        let wait = try call.waitDeadline(max: limits.waitMax)
        let marker = call.stringParameter("marker") ?? "0"
        let queue = call.queue
        let page: MessagePage?
        do {
            let query = MessageQuery(
                marker: marker, limit: limit, clientID: call.clientID, echo: echo, includeClaimed: includeClaimed,
                includeDelayed: includeDelayed)
            page = try await store.listMessages(queue, query, waitingUntil: wait, call: call)
        } catch {
            throw .from(error)
        }
        let messages = page?.messages ?? []
        var json = JSONWriter(capacity: 512 * messages.count + 64)
        json.beginObject()
        json.key("messages")
        json.beginArray()
        for message in messages { json.v2Message(message, call: call, checksums: checksums) }
        json.endArray()
        json.key("links")
        json.beginArray()
        if let page {
            var next = call.hrefs.messages(queue.name) + "?marker=" + page.marker + "&limit=\(limit)"
            if echo { next += "&echo=true" }
            if includeClaimed { next += "&include_claimed=true" }
            if includeDelayed { next += "&include_delayed=true" }
            json.link(next)
        }
        json.endArray()
        json.endObject()
        return .json(json)
    }

    private func getMany(_ call: V2Call, ids: [String]) async throws(APIError) -> Response {
        try checkCount(ids, "ids")
        let wellFormed = ids.filter { RandomID.isWellFormed($0) }
        var messages: [Message] = []
        if !wellFormed.isEmpty {
            do { messages = try await store.messages(call.queue, ids: wellFormed, on: call.eventLoop) } catch { throw .from(error) }
        }
        guard !messages.isEmpty else { throw .notFound("No messages with the given ids were found.") }
        var json = JSONWriter(capacity: 512 * messages.count)
        json.beginObject()
        json.key("messages")
        json.beginArray()
        for message in messages { json.v2Message(message, call: call, checksums: checksums) }
        json.endArray()
        json.endObject()
        return .json(json)
    }

    /// DELETE on the collection: `ids=` (204) or `pop=N` (200 with the messages), never both.
    func deleteMany(_ call: V2Call) async throws(APIError) -> Response {
        let ids = call.listParameter("ids")
        let pop = call.stringParameter("pop")
        switch (ids, pop) {
        case (.some, .some):
            throw .invalidRequest("pop and id params cannot be present together in the delete request.")
        case (nil, nil):
            throw .invalidRequest("The request should have either \"ids\" or \"pop\" parameter in the request, to be able to delete.")
        case (let ids?, nil):
            try checkCount(ids, "ids")
            let wellFormed = ids.filter { RandomID.isWellFormed($0) }
            if !wellFormed.isEmpty {
                do { try await store.deleteMessages(call.queue, ids: wellFormed, on: call.eventLoop) } catch { throw .from(error) }
            }
            return .noContent()
        case (nil, .some):
            let count = try call.limitParameter("pop", default: 1, max: limits.claimLimitMax)
            let popped: [PoppedMessage]
            do { popped = try await store.popMessages(call.queue, limit: count, on: call.eventLoop) } catch { throw .from(error) }
            var json = JSONWriter(capacity: 512 * popped.count + 32)
            json.beginObject()
            json.key("messages")
            json.beginArray()
            let claimID = RandomID.make()  // the claim a pop is, reported as Zaqar does; it is over already
            for item in popped {
                json.beginObject()
                json.member("id", string: item.message.id)
                json.member("age", int: item.message.age)
                json.member("ttl", int: item.message.ttl)
                json.member("body", raw: item.message.body)
                json.member("claim_id", string: claimID)
                json.member("claim_count", int: item.claimCount)
                if checksums, call.version == .v2 { json.member("checksum", string: MessageChecksum.of(item.message.body)) }
                json.endObject()
            }
            json.endArray()
            json.endObject()
            return .json(json)
        }
    }

    func get(_ call: V2Call, id: String) async throws(APIError) -> Response {
        let notFound = APIError.notFound("Message does not exist.")
        guard RandomID.isWellFormed(id) else { throw notFound }
        let message: Message?
        do { message = try await store.message(call.queue, id: id, on: call.eventLoop) } catch { throw .from(error, notFound: notFound) }
        guard let message else { throw notFound }
        var json = JSONWriter(capacity: message.body.utf8.count + 160)
        json.v2Message(message, call: call, checksums: checksums)
        return .json(json)
    }

    /// Deletes one message under the claim rules of v1 (contract §6.15, REC), which v2 keeps.
    func delete(_ call: V2Call, id: String) async throws(APIError) -> Response {
        guard RandomID.isWellFormed(id) else { return .noContent() }
        do {
            try await store.deleteMessage(call.queue, id: id, claimID: call.stringParameter("claim_id"), on: call.eventLoop)
        } catch .claimInvalid {
            throw .wrongClaim  // v1.1/v2 (Zaqar): an unknown or lapsed claim, or a free message, is a 400
        } catch {
            throw .from(error)
        }
        return .noContent()
    }

    private func checkCount(_ ids: [String], _ name: String) throws(APIError) {
        guard ids.count <= limits.messagesPerPageMax else {
            throw .invalidParameter(name, "No more than \(limits.messagesPerPageMax) ids may be given.")
        }
    }
}

extension JSONWriter {
    /// A v1.1/v2 message object: `id`, `href` (with `?claim_id=` while claimed), `ttl`, `age`,
    /// `body`, and in v2 with checksums on, `checksum`.
    mutating func v2Message(_ m: Message, call: V2Call, checksums: Bool) {
        beginObject()
        member("id", string: m.id)
        if let claim = m.claimID {
            member("href", string: call.hrefs.message(call.queue.name, m.id, claim: claim))
        } else {
            member("href", string: call.hrefs.message(call.queue.name, m.id))
        }
        member("ttl", int: m.ttl)
        member("age", int: m.age)
        member("body", raw: m.body)
        if checksums, call.version == .v2 { member("checksum", string: MessageChecksum.of(m.body)) }
        endObject()
    }
}

extension APIError {
    static let wrongClaim = APIError(.badRequest, title: "Unable to delete",
                                     description: "The specified claim does not exist or has expired, or the message is not claimed.")
}
